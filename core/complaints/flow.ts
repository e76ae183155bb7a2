/**
 * The complaint flow (投诉处理流程, seed 003 投诉处理流程图; domain.md §4): eleven steps, each with
 * its owner and time limit, done strictly in order.
 */
import type { Role } from '../staff/roles.ts'
import type { StepLimit } from './deadlines.ts'
import type { CaseDoc } from './model.ts'

export interface StepDefinition {
  step: number
  key: string
  /** the seed's name of the step */
  name: string
  /** roles that own the step (alerts go to them) */
  owners: readonly Role[]
  /** the medical director (医务部主任) may also do this step on medical-liability cases */
  medicalOnMedicalCases: boolean
  limit: StepLimit | null
  /** fields a transition to this step must carry (API names) */
  required: readonly string[]
}

const step = (s: StepDefinition) => s

export const STEPS: readonly StepDefinition[] = [
  step({ step: 1, key: 'intake', name: '投诉渠道', owners: ['agent', 'supervisor', 'director'], medicalOnMedicalCases: false, limit: null, required: [] }),
  step({ step: 2, key: 'accept', name: '接受投诉', owners: ['supervisor'], medicalOnMedicalCases: false, limit: null, required: ['cause'] }),
  step({ step: 3, key: 'investigate', name: '调查取证', owners: ['supervisor'], medicalOnMedicalCases: false, limit: { hours: 24 }, required: ['findings'] }),
  // Seed: 客服主任/医务部主任 classify; domain.md: medical-liability cases may be classified by the medical director.
  step({ step: 4, key: 'classify', name: '分析定性', owners: ['supervisor'], medicalOnMedicalCases: true, limit: null, required: ['severity', 'liability'] }),
  // The seed's flow chart names 客服主任/医务部主任 for the plan too; the medical director may draft it once liability is medical.
  step({ step: 5, key: 'plan', name: '制定方案', owners: ['supervisor'], medicalOnMedicalCases: true, limit: { hours: 24 }, required: ['plan', 'remedy'] }),
  step({ step: 6, key: 'approve', name: '审批方案', owners: ['director'], medicalOnMedicalCases: false, limit: null, required: ['approved'] }),
  step({ step: 7, key: 'negotiate', name: '协商解决', owners: ['supervisor'], medicalOnMedicalCases: false, limit: null, required: ['agreed', 'outcome'] }),
  // The responsible staff (usually the consultant) start the refund OA; the supervisor tracks it and records it here.
  step({ step: 8, key: 'process', name: '手续处理', owners: ['supervisor'], medicalOnMedicalCases: false, limit: { hours: 48 }, required: ['method', 'responsibleStaff'] }),
  step({ step: 9, key: 'close', name: '结案备档', owners: ['supervisor'], medicalOnMedicalCases: false, limit: { hours: 24 }, required: ['closingSummary'] }),
  step({ step: 10, key: 'internal', name: '内部处理', owners: ['director'], medicalOnMedicalCases: false, limit: { hours: 48 }, required: ['penaltyProposal'] }),
  // "客服部" owns prevention: the supervisor or the service director.
  step({ step: 11, key: 'prevention', name: '防范改善', owners: ['supervisor', 'director'], medicalOnMedicalCases: false, limit: { calendarDays: 7 }, required: ['preventionPlan'] }),
]

export const LAST_STEP = 11
/** Steps 10 and 11 are internal and follow the closing; customer-facing steps end at 9. */
export const CLOSING_STEP = 9
export const REFUND_STEP = 8

export function stepDefinition(n: number): StepDefinition {
  const def = STEPS[n - 1]
  if (!def) throw new RangeError(`No complaint step ${n}`)
  return def
}

export function stepLabel(n: number): string {
  const def = stepDefinition(n)
  return `${n} ${def.key} (${def.name})`
}

/** Whether a case counts as medical-liability for the medical director's steps. */
export function isMedicalCase(doc: Pick<CaseDoc, 'category' | 'liability'>, submitted: { category?: string; liability?: string } = {}): boolean {
  return submitted.liability === 'medical' || doc.liability === 'medical' || (submitted.category ?? doc.category) === 'medical_outcome'
}

/** The role under which `roles` may do step `n` on this case, or null if none may. */
export function authorizingRole(n: number, roles: readonly Role[], doc: Pick<CaseDoc, 'category' | 'liability'>, submitted: { category?: string; liability?: string } = {}): Role | null {
  const def = stepDefinition(n)
  const owner = def.owners.find((role) => roles.includes(role))
  if (owner) return owner
  if (def.medicalOnMedicalCases && roles.includes('medical') && isMedicalCase(doc, submitted)) return 'medical'
  return null
}

/** After the closing (9) come the internal steps not yet done; a re-closed case does not repeat them. */
export function stepAfterClosing(doc: Pick<CaseDoc, 'penalty' | 'preventionPlan'>): number | null {
  if (!doc.penalty) return 10
  if (!doc.preventionPlan) return 11
  return null
}
