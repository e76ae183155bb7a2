/** What each step of the flow records and where the case goes next; pure rules, no database. */
import { conflict, forbidden, ruleNotMet } from '../../platform/errors.ts'
import { actorRef, type Actor } from './access.ts'
import type { Change } from './audit.ts'
import type { Category } from './categories.ts'
import { bankCardArrival, closeDeadline, stepDeadline } from './deadlines.ts'
import { authorizingRole, CLOSING_STEP, LAST_STEP, REFUND_STEP, stepAfterClosing, stepDefinition, stepLabel } from './flow.ts'
import type { ActorRef, CaseDoc, Liability, PaymentMethod, Remedy, StepRecord, Want } from './model.ts'
import { finesFor, proposeSeverity, type Severity } from './severity.ts'

/** A transition's fields (money already in fen). Which are required depends on the step (flow.ts). */
export interface TransitionInput {
  step: number
  note?: string
  // 2 accept (患者投诉处理表)
  cause?: string
  category?: Category
  involvedStaff?: string[]
  occurredAt?: Date
  wants?: Want[]
  // 3 investigate
  findings?: string
  contactedStaff?: string[]
  // 4 classify
  severity?: Severity
  liability?: Liability
  responsibleStaff?: string
  estimatedAmountFen?: number
  medicalAccident?: boolean
  death?: boolean
  reputationDamage?: boolean
  // 5 plan, 7 negotiate, 8 process
  plan?: string
  remedy?: Remedy
  amountFen?: number
  // 6 approve
  approved?: boolean
  // 7 negotiate
  agreed?: boolean
  outcome?: string
  // 8 process
  method?: PaymentMethod
  // 9 close, 10 internal handling, 11 prevention
  closingSummary?: string
  penaltyProposal?: string
  preventionPlan?: string
}

const API_NAMES: Record<string, keyof TransitionInput> = { amount: 'amountFen', estimatedAmount: 'estimatedAmountFen' }

function missingFields(input: TransitionInput, fields: readonly string[]): string[] {
  return fields.filter((field) => {
    const value = input[API_NAMES[field] ?? (field as keyof TransitionInput)]
    return value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
  })
}

function requireFields(input: TransitionInput, fields: readonly string[]): void {
  const missing = missingFields(input, fields)
  if (missing.length) {
    throw ruleNotMet('missing_fields', `Step ${stepLabel(input.step)} needs: ${missing.join(', ')}.`, { fields: missing })
  }
}

interface StepOutcome {
  set: Change['set']
  /** the step's own fields, for the step record */
  data: Record<string, unknown>
  /** the step the case goes to, or null when the flow is complete */
  next: number | null
  /** steps passed over on the way (8 when no money was agreed) */
  skipped?: Array<{ step: number; note: string }>
}

type StepRule = (doc: CaseDoc, input: TransitionInput, now: Date) => StepOutcome

const RULES: Record<number, StepRule> = {
  2: (doc, input, now) => {
    const data = {
      cause: input.cause!,
      category: input.category ?? doc.category,
      involvedStaff: input.involvedStaff ?? doc.involvedStaff,
      occurredAt: input.occurredAt ?? doc.occurredAt,
      wants: input.wants ?? doc.wants,
    }
    // Seed: the case must be closed within 7 (京内) / 14 (京外) days of 客服部受理, i.e. of this step.
    return { set: { ...data, acceptedAt: now, closeDueAt: closeDeadline(now, doc.region) }, data, next: 3 }
  },
  3: (_doc, input) => {
    const data = { findings: input.findings!, contactedStaff: input.contactedStaff ?? [] }
    return { set: { findings: data.findings }, data, next: 4 }
  },
  4: (doc, input) => {
    const severityFlags = { medicalAccident: input.medicalAccident ?? false, death: input.death ?? false, reputationDamage: input.reputationDamage ?? false }
    const estimatedAmountFen = input.estimatedAmountFen ?? 0
    const severityProposed = proposeSeverity(estimatedAmountFen, severityFlags)
    const data = {
      severityProposed,
      severity: input.severity!,
      liability: input.liability!,
      category: input.category ?? doc.category,
      responsibleStaff: input.responsibleStaff ?? doc.responsibleStaff,
      estimatedAmountFen,
      ...severityFlags,
    }
    return {
      set: { severityProposed, severity: data.severity, severityFlags, liability: data.liability, category: data.category, responsibleStaff: data.responsibleStaff },
      data,
      next: 5,
    }
  },
  5: (_doc, input) => {
    const remedy = input.remedy!
    if (remedy !== 'none') requireFields(input, ['amount'])
    const amountFen = remedy === 'none' ? 0 : input.amountFen!
    if (remedy === 'none' && (input.amountFen ?? 0) > 0) {
      throw ruleNotMet('invalid_plan', 'A plan without refund or compensation (remedy "none") cannot carry an amount.')
    }
    if (remedy !== 'none' && amountFen <= 0) throw ruleNotMet('invalid_plan', `A ${remedy} plan needs an amount above 0.`)
    const plan = { text: input.plan!, remedy, amountFen }
    return { set: { plan }, data: { plan: plan.text, remedy, amountFen }, next: 6 }
  },
  6: (_doc, input) => {
    // A refused plan goes back to the supervisor for a new one (step 5), with the director's reason.
    if (!input.approved) requireFields(input, ['note'])
    return { set: {}, data: { approved: input.approved! }, next: input.approved ? 7 : 5 }
  },
  7: (doc, input, now) => {
    const planned = doc.plan?.amountFen ?? 0
    const amountFen = input.agreed ? (input.amountFen ?? planned) : 0
    if (amountFen > planned) {
      throw ruleNotMet('amount_exceeds_plan', `The agreed amount is above the approved plan (${planned / 100} yuan); draft a new plan (step 5) and have it approved.`)
    }
    const agreement = { agreed: input.agreed!, outcome: input.outcome!, amountFen }
    // Negotiating is contact with the patient: if no first contact was recorded yet, this is it.
    const firstContact = doc.firstContactAt ? {} : { firstContactAt: now, firstContactOnTime: now <= doc.firstContactDueAt }
    const data = { agreed: agreement.agreed, outcome: agreement.outcome, amountFen }
    if (!input.agreed) return { set: { agreement, ...firstContact }, data, next: 5 } // no agreement: a new plan
    if (amountFen > 0) return { set: { agreement, ...firstContact }, data, next: REFUND_STEP }
    return { set: { agreement, ...firstContact }, data, next: CLOSING_STEP, skipped: [{ step: REFUND_STEP, note: 'no refund or compensation agreed' }] }
  },
  8: (doc, input, now) => {
    const amountFen = input.amountFen ?? doc.agreement?.amountFen ?? 0
    if (amountFen <= 0) throw ruleNotMet('invalid_amount', 'The refund or compensation amount must be above 0.')
    const method = input.method!
    const arrival = method === 'bank_card' ? bankCardArrival(now) : { dueAt: now, provisional: false }
    const refund = {
      kind: doc.plan?.remedy === 'compensation' ? ('compensation' as const) : ('refund' as const),
      amountFen,
      method,
      responsibleStaff: input.responsibleStaff!,
      processedAt: now,
      expectedArrivalAt: arrival.dueAt,
    }
    const provisional = arrival.provisional ? provisionalMark(doc, 'refund_arrival') : {}
    // A reopened case may pay again: refundFen is the total paid on the case.
    return { set: { refund, refundFen: doc.refundFen + amountFen, refunded: true, ...provisional }, data: { ...refund }, next: CLOSING_STEP }
  },
  9: (doc, input, now) => {
    const set: Change['set'] = {
      closingSummary: input.closingSummary!,
      status: 'closed',
      closedAt: now,
      closedOnTime: doc.closeDueAt ? now <= doc.closeDueAt : null,
      closeRound: doc.closeRound + 1,
      returnVisitPending: true,
    }
    return { set, data: { closingSummary: input.closingSummary! }, next: stepAfterClosing(doc) }
  },
  10: (doc, input) => {
    const penalty = { proposal: input.penaltyProposal!, severity: doc.severity, fines: doc.severity ? finesFor(doc.severity) : null }
    const responsibleStaff = input.responsibleStaff ?? doc.responsibleStaff
    return { set: { penalty, responsibleStaff }, data: { ...penalty, responsibleStaff }, next: doc.preventionPlan ? null : 11 }
  },
  11: (_doc, input) => ({ set: { preventionPlan: input.preventionPlan! }, data: { preventionPlan: input.preventionPlan! }, next: null }),
}

/** Marks the case's deadlines as computed on a provisional calendar (see deadlines.ts). */
export function provisionalMark(doc: Pick<CaseDoc, 'provisionalDeadlines'>, deadline: string): Change['set'] {
  const names = doc.provisionalDeadlines.includes(deadline) ? doc.provisionalDeadlines : [...doc.provisionalDeadlines, deadline]
  return { deadlinesProvisional: true, provisionalDeadlines: names }
}

function skippedRecord(step: number, now: Date, by: ActorRef, note: string): StepRecord {
  return { step, at: now, by, note, data: {}, dueAt: null, late: false, skipped: true }
}

/** Entering a step: its deadline starts now. */
export function enterStep(next: number | null, now: Date): Change['set'] {
  if (next === null) return { step: LAST_STEP, flowComplete: true, stepEnteredAt: now, stepDueAt: null }
  return { step: next, flowComplete: false, stepEnteredAt: now, stepDueAt: stepDeadline(now, stepDefinition(next).limit) }
}

/**
 * Checks a transition and answers the change it makes. In order: the role (403), a closed or
 * finished case (409), the order of steps (422 step_out_of_order), the step's fields (422 missing_fields).
 */
export function decideTransition(doc: CaseDoc, input: TransitionInput, actor: Extract<Actor, { kind: 'staff' }>, now: Date): Change {
  const role = authorizingRole(input.step, actor.staff.roles, doc, input)
  if (!role) {
    const def = stepDefinition(input.step)
    const who = def.medicalOnMedicalCases ? `${def.owners.join(' or ')} (or medical, on medical-liability cases)` : def.owners.join(' or ')
    throw forbidden(`Step ${stepLabel(input.step)} is done by ${who}.`)
  }
  if (doc.flowComplete) throw conflict('case_complete', `Case ${doc.number} has completed all ${LAST_STEP} steps.`)
  if (doc.status === 'closed' && input.step <= CLOSING_STEP) {
    throw conflict('case_closed', `Case ${doc.number} is closed; only the internal steps 10 and 11 remain (next: ${doc.step}).`)
  }
  if (input.step !== doc.step) {
    const wasSkipped = input.step === REFUND_STEP && doc.steps.at(-1)?.step === REFUND_STEP && doc.steps.at(-1)?.skipped
    const why = wasSkipped ? ' (step 8 was skipped: no refund or compensation was agreed)' : ''
    throw ruleNotMet('step_out_of_order', `Case ${doc.number} is at step ${stepLabel(doc.step)}, not ${input.step}${why}; the next step is ${doc.step}.`, {
      expectedStep: doc.step,
    })
  }
  requireFields(input, stepDefinition(input.step).required)

  const by = actorRef(actor, role)
  const outcome = RULES[input.step](doc, input, now)
  const record: StepRecord = {
    step: input.step,
    at: now,
    by,
    note: input.note?.trim() || null,
    data: outcome.data,
    dueAt: doc.stepDueAt,
    late: doc.stepDueAt ? now > doc.stepDueAt : false,
    skipped: false,
  }
  const skipped = (outcome.skipped ?? []).map((s) => skippedRecord(s.step, now, by, s.note))
  return {
    action: 'step',
    step: input.step,
    note: record.note,
    by,
    set: { ...outcome.set, steps: [...doc.steps, record, ...skipped], ...enterStep(outcome.next, now) },
  }
}
