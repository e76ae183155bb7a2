/**
 * Complaint cases as the console reads them (GET /api/complaints, /api/complaints/:number), the
 * labels staff know, the 11 steps (core/complaints/flow.ts, with the hints staff read), deadline
 * hints in working days, and the API's refusals in plain Chinese.
 */
import { CATEGORY_LABELS } from '../../../core/complaints/categories.ts'
import type { StepLimit } from '../../../core/complaints/deadlines.ts'
import { STEPS } from '../../../core/complaints/flow.ts'
import { SEVERITY_NAMES, finesFor, type Severity } from '../../../core/complaints/severity.ts'
import type { ActorRef } from '../../../core/complaints/model.ts'
import { ApiError, errorText } from './api.ts'
import { roleLabel, type Role } from './roles.ts'
import { addDays, dayOf, isWorkingDay } from './working-days.ts'

/** Who did something, as core records it (type-only). */
export type { ActorRef }

export type ComplaintStatus = 'open' | 'closed' | 'reopened'
export type { Severity }

export interface ComplaintListItem {
  number: string
  memberId: string | null
  clinicCode: string
  channel: 'chat' | 'phone' | 'in_person' | 'miniprogram'
  status: ComplaintStatus
  step: number
  severity: Severity | null
  receivedAt: string
  firstContactDueAt: string
  closeDueAt: string | null
  overdue: boolean
  category: string
  customerName: string
  assignee: { id: string; name: string } | null
}

export interface StepRecord {
  step: number
  name: string
  at: string | null
  by: ActorRef | null
  note: string | null
  data: Record<string, unknown>
  dueAt: string | null
  late: boolean
  skipped: boolean
}

export interface AuditEntry {
  version: number
  at: string
  by: ActorRef
  action: 'intake' | 'step' | 'first_contact' | 'return_visit' | string
  step: number | null
  note: string | null
}

export interface ComplaintCase extends ComplaintListItem {
  categoryLabel: string
  phone: string | null
  description: string
  occurredAt: string | null
  involvedStaff: string[]
  wants: string[]
  stepName: string
  nextStep: number | null
  flowComplete: boolean
  stepDueAt: string | null
  acceptedAt: string | null
  firstContactAt: string | null
  firstContactOnTime: boolean | null
  closedAt: string | null
  closedOnTime: boolean | null
  cause: string | null
  findings: string | null
  severityProposed: Severity | null
  severityName: string | null
  fines: { responsibleYuan: number; supervisorYuan: number } | null
  liability: string | null
  responsibleStaff: string | null
  plan: { text: string; remedy: string; amount: number } | null
  agreement: { agreed: boolean; outcome: string; amount: number } | null
  refund: { kind: string; amount: number; method: string; responsibleStaff: string; processedAt: string | null; expectedArrivalAt: string | null } | null
  refundTotal: number
  closingSummary: string | null
  penalty: { proposal: string; severity: Severity | null; fines: { responsibleYuan: number; supervisorYuan: number } | null } | null
  preventionPlan: string | null
  returnVisitPending: boolean
  returnVisits: Array<{ round: number; at: string | null; by: ActorRef; satisfied: boolean; note: string | null }>
  deadlinesProvisional: boolean
  calendarWarning: string | null
  steps: StepRecord[]
  audit: AuditEntry[]
}

/** The same lists the API's complaint routes use (core/complaints/access.ts). */
export const CASE_READERS: readonly Role[] = ['agent', 'supervisor', 'director', 'medical']
export const CASE_RECORDERS: readonly Role[] = ['agent', 'supervisor', 'director']
export const CASE_MANAGERS: readonly Role[] = ['supervisor', 'director']
export const FIRST_CONTACT_ROLES: readonly Role[] = ['supervisor', 'director']

export const STATUS_LABELS: Record<ComplaintStatus, { label: string; theme: 'primary' | 'success' | 'warning' }> = {
  open: { label: '处理中', theme: 'primary' },
  closed: { label: '已结案', theme: 'success' },
  reopened: { label: '重新跟进', theme: 'warning' },
}

export const CHANNEL_LABELS: Record<string, string> = { chat: '在线咨询', phone: '电话', in_person: '当面', miniprogram: '小程序' }

/** The server's own labels (core/complaints/categories.ts: plain data, shared rather than copied). */
export const COMPLAINT_CATEGORIES: Record<string, string> = CATEGORY_LABELS

export const WANT_LABELS: Record<string, string> = { apology: '道歉', refund: '退款', compensation: '赔偿', explanation: '解释' }
export const LIABILITY_LABELS: Record<string, string> = { none: '无责任', service: '服务责任', medical: '医疗责任', product: '产品责任', other: '其他' }
export const REMEDY_LABELS: Record<string, string> = { none: '不涉及退款/赔偿', refund: '退款', compensation: '赔偿' }
export const PAYMENT_LABELS: Record<string, string> = { cash: '现金', bank_card: '退至银行卡（约 7 个工作日到账）' }

type SeverityTheme = 'default' | 'primary' | 'warning' | 'danger'
/** What each 处分级别 means, in staff's words (core/complaints/severity.ts has the names and fines), domain.md §4. */
const SEVERITY_MEANINGS: Record<Severity, { meaning: string; theme: SeverityTheme }> = {
  I: { meaning: '无直接损失，服务补偿，不退款', theme: 'default' },
  II: { meaning: '有直接损失、退款，金额 2 万元以下', theme: 'primary' },
  III: { meaning: '造成损失及声誉影响，2–5 万元', theme: 'warning' },
  IV: { meaning: '损失、声誉影响并赔偿，5 万元以上', theme: 'danger' },
  V: { meaning: '严重医疗或安全事故、死亡', theme: 'danger' },
}

/** 处分级别 and fines (responsible person / their supervisor). */
export const SEVERITIES = Object.fromEntries(
  Object.entries(SEVERITY_MEANINGS).map(([level, s]) => {
    const fines = finesFor(level as Severity)
    return [level, { ...s, name: SEVERITY_NAMES[level as Severity], fines: `${fines.responsibleYuan} / ${fines.supervisorYuan} 元` }]
  }),
) as Record<Severity, { name: string; meaning: string; fines: string; theme: SeverityTheme }>

export interface FlowStep {
  step: number
  name: string
  /** what the step is about, for the timeline */
  hint: string
  owners: readonly Role[]
  /** the medical director may also do it on medical-liability cases */
  medicalOnMedicalCases: boolean
  limit: string | null
}

/** What each step is about, for the timeline. */
const STEP_HINTS: Record<number, string> = {
  1: '记录渠道、投诉人、事由与时间',
  2: '填写患者投诉处理表',
  3: '联系当事员工，核实情况',
  4: '确定处分级别与责任归属',
  5: '拟定处理方案',
  6: '客服总监/院长审批',
  7: '与患者沟通协商',
  8: '办理退款或赔偿',
  9: '结案并计入案件统计',
  10: '提出处分建议',
  11: '制定防范与改进措施',
}

/** 24 小时, 1 周: a step's time limit as staff say it. */
function limitText(limit: StepLimit | null): string | null {
  if (!limit) return null
  if ('hours' in limit) return `${limit.hours} 小时`
  return limit.calendarDays % 7 === 0 ? `${limit.calendarDays / 7} 周` : `${limit.calendarDays} 天`
}

/** The 11 steps (投诉处理流程) with their owners and limits, from core/complaints/flow.ts. */
export const FLOW: readonly FlowStep[] = STEPS.map((s) => ({
  step: s.step,
  name: s.name,
  hint: STEP_HINTS[s.step],
  owners: s.owners,
  medicalOnMedicalCases: s.medicalOnMedicalCases,
  limit: limitText(s.limit),
}))

export const flowStep = (n: number) => FLOW[n - 1]

/** Where the list keeps its last address (with its filters), so the detail page's back button returns to it. */
export const LIST_ADDRESS_KEY = 'caredesk.complaintsList'

/** Who does a step, in the words staff use: 客服主任, or 客服主任/医务部主任 where the medical director may. */
export function stepOwnerText(n: number, medicalCase = false): string {
  const def = flowStep(n)
  const owners = def.owners.filter((role) => role !== 'agent').map(roleLabel)
  if (def.medicalOnMedicalCases && medicalCase) owners.push(roleLabel('medical'))
  return owners.join('或')
}

export function isMedicalCase(c: Pick<ComplaintCase, 'category' | 'liability'>): boolean {
  return c.liability === 'medical' || c.category === 'medical_outcome'
}

/** Whether these roles may do the case's next step (the API checks again: role 403, order 422). */
export function mayDoStep(c: Pick<ComplaintCase, 'nextStep' | 'status' | 'category' | 'liability'>, roles: readonly Role[]): boolean {
  if (c.nextStep === null) return false
  if (c.status === 'closed' && c.nextStep <= 9) return false
  const def = flowStep(c.nextStep)
  if (def.owners.some((role) => roles.includes(role))) return true
  return def.medicalOnMedicalCases && roles.includes('medical') && isMedicalCase(c)
}

export type DeadlineLevel = 'overdue' | 'near' | 'ok' | 'done'

export interface DeadlineHint {
  level: DeadlineLevel
  text: string
}

const HOUR = 60 * 60 * 1000

/** Working days after today up to and including the due day (the day of receipt never counts, as in the API). */
export function workingDaysLeft(dueAt: Date, now: Date): number {
  const dueDay = dayOf(dueAt)
  let day = dayOf(now)
  let count = 0
  for (let i = 0; day < dueDay && i < 400; i++) {
    day = addDays(day, 1)
    if (isWorkingDay(day).working) count++
  }
  return count
}

/**
 * How much time a deadline leaves, in working days: passed (overdue), within the next working day
 * or 24 hours (near), or comfortably ahead.
 */
export function deadlineHint(dueIso: string | null, now = new Date()): DeadlineHint | null {
  if (!dueIso) return null
  const due = new Date(dueIso)
  const ms = due.getTime() - now.getTime()
  if (ms < 0) {
    const late = -ms
    return { level: 'overdue', text: late < 24 * HOUR ? `已超期 ${Math.max(1, Math.floor(late / HOUR))} 小时` : `已超期 ${Math.floor(late / (24 * HOUR))} 天` }
  }
  if (ms < 24 * HOUR) return { level: 'near', text: dayOf(due) === dayOf(now) ? `今天到期（剩 ${Math.max(1, Math.floor(ms / HOUR))} 小时）` : `剩 ${Math.max(1, Math.floor(ms / HOUR))} 小时` }
  const days = workingDaysLeft(due, now)
  // A calendar-day deadline (closing) can fall on a weekend or holiday with no working day before it.
  if (days === 0) return { level: 'near', text: `${Math.ceil(ms / (24 * HOUR))} 天后到期，其间没有工作日` }
  return { level: days <= 1 ? 'near' : 'ok', text: `剩 ${days} 个工作日` }
}

/** The deadline a list row is working towards: first contact until the case is accepted, then closing. */
export function listDeadline(row: ComplaintListItem): { label: string; dueAt: string | null } {
  if (row.status === 'closed') return { label: '已结案', dueAt: null }
  if (!row.closeDueAt) return { label: '首次联系', dueAt: row.firstContactDueAt }
  return { label: '结案', dueAt: row.closeDueAt }
}

const FIELD_LABELS: Record<string, string> = {
  cause: '投诉原因',
  findings: '调查结果',
  severity: '处分级别',
  liability: '责任归属',
  plan: '处理方案',
  remedy: '退款/赔偿方式',
  amount: '金额',
  approved: '审批结论',
  agreed: '协商结果',
  outcome: '协商情况',
  method: '退款方式',
  responsibleStaff: '经办人',
  closingSummary: '结案小结',
  penaltyProposal: '处分建议',
  preventionPlan: '防范改善措施',
  note: '说明',
  customerName: '投诉人',
  description: '投诉内容',
}

/** The API's refusal of a complaint action, said politely and specifically. */
export function complaintErrorText(err: unknown, c?: Pick<ComplaintCase, 'nextStep' | 'category' | 'liability'> | null): string {
  if (!(err instanceof ApiError)) return errorText(err)
  const details = (err.details ?? {}) as { expectedStep?: number; fields?: string[] }
  switch (err.code) {
    case 'step_out_of_order':
      return details.expectedStep
        ? `这个案件已经进行到第 ${details.expectedStep} 步「${flowStep(details.expectedStep).name}」（可能刚由同事办理过），页面已刷新，请核对后再继续。`
        : '办理顺序不对，页面已刷新，请核对后再继续。'
    case 'missing_fields':
      return `还需要填写：${(details.fields ?? []).map((f) => FIELD_LABELS[f] ?? f).join('、')}。`
    case 'case_closed':
      return '案件已结案，结案后只需完成内部处理（第 10、11 步）。'
    case 'case_complete':
      return '这个案件的 11 个步骤都已完成。'
    case 'amount_exceeds_plan':
      return '协商金额超过了已批准方案的金额：请先重新制定方案并报批。'
    case 'invalid_plan':
      return '退款或赔偿方案请填写大于 0 的金额；不涉及退款/赔偿的方案不填金额。'
    case 'invalid_amount':
      return '退款或赔偿金额须大于 0。'
    case 'first_contact_recorded':
      return '首次联系已经记录过了。'
    case 'case_not_closed':
      return '案件结案后才能记录回访。'
    case 'return_visit_recorded':
      return '本次回访已经记录过了。'
    case 'complaint_not_found':
      return '找不到这个投诉案件，请核对编号。'
    case 'unknown_clinic':
      return '机构代码不存在，请重新选择机构。'
    case 'forbidden':
      return c?.nextStep ? `这一步由${stepOwnerText(c.nextStep, isMedicalCase(c))}办理，您的角色不能办理。` : '您的角色或所属机构不能办理这个案件。'
    default:
      return err.message
  }
}
