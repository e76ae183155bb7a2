/** Presenters: what leaves core for the API and the bot. Field by field, so no stored field leaks by accident. */
import { maskPhone } from '../../platform/privacy.ts'
import { calendarKnownThrough } from '../calendar/index.ts'
import type { Viewer } from './access.ts'
import { CATEGORY_LABELS, type Category } from './categories.ts'
import { calendarWarning, customerStatusText } from './copy.ts'
import { stepDefinition } from './flow.ts'
import type { AuditDoc, CaseDoc, Channel, Status } from './model.ts'
import { SEVERITY_NAMES, finesFor, type Severity } from './severity.ts'

const iso = (at: Date | null | undefined) => (at ? new Date(at).toISOString() : null)
const yuan = (fen: number) => fen / 100

/** Any current deadline passed: first contact not made, the case not closed, or the current step not done in time. */
export function isOverdue(doc: Pick<CaseDoc, 'firstContactAt' | 'firstContactDueAt' | 'status' | 'closeDueAt' | 'stepDueAt' | 'flowComplete'>, now: Date): boolean {
  return (
    (!doc.firstContactAt && doc.firstContactDueAt < now) ||
    (doc.status !== 'closed' && Boolean(doc.closeDueAt && doc.closeDueAt < now)) ||
    (!doc.flowComplete && Boolean(doc.stepDueAt && doc.stepDueAt < now))
  )
}

/** The same rule as a query, for `?overdue=`. */
export function overdueQuery(now: Date) {
  return {
    $or: [
      { firstContactAt: null, firstContactDueAt: { $lt: now } },
      { status: { $ne: 'closed' }, closeDueAt: { $lt: now } },
      { flowComplete: false, stepDueAt: { $lt: now } },
    ],
  }
}

export interface CaseListItem {
  number: string
  memberId: string | null
  clinicCode: string
  channel: Channel
  status: Status
  step: number
  severity: Severity | null
  receivedAt: string
  firstContactDueAt: string
  firstContactAt: string | null
  closeDueAt: string | null
  stepDueAt: string | null
  overdue: boolean
  category: Category
  customerName: string
  assignee: { id: string; name: string } | null
}

export function presentListItem(doc: CaseDoc, now: Date): CaseListItem {
  return {
    number: doc.number,
    memberId: doc.memberId,
    clinicCode: doc.clinicCode,
    channel: doc.channel,
    status: doc.status,
    step: doc.step,
    severity: doc.severity,
    receivedAt: iso(doc.receivedAt)!,
    firstContactDueAt: iso(doc.firstContactDueAt)!,
    firstContactAt: iso(doc.firstContactAt),
    closeDueAt: iso(doc.closeDueAt),
    stepDueAt: iso(doc.stepDueAt),
    overdue: isOverdue(doc, now),
    category: doc.category,
    customerName: doc.customerName,
    assignee: doc.assignee ?? null,
  }
}

/** Money-carrying step data shown in yuan. */
function presentStepData(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(data)) {
    if (key.endsWith('Fen') && typeof value === 'number') out[key.slice(0, -3)] = yuan(value)
    else out[key] = value instanceof Date ? value.toISOString() : value
  }
  return out
}

/** An audit entry as staff read it: the stored entry without its keys and patch, its instant as text. */
export type AuditView = Omit<AuditDoc, 'key' | 'number' | 'patch' | 'at'> & { at: string }

export function presentAudit(entry: AuditDoc): AuditView {
  return {
    version: entry.version,
    at: iso(entry.at)!,
    by: { id: entry.by.id, name: entry.by.name, role: entry.by.role },
    action: entry.action,
    step: entry.step,
    note: entry.note ?? null, // entries written before the field existed have none
    before: entry.before ?? null,
    after: entry.after,
  }
}

export function presentCase(doc: CaseDoc, audit: AuditDoc[], viewer: Viewer, now: Date) {
  return {
    ...presentListItem(doc, now),
    categoryLabel: CATEGORY_LABELS[doc.category],
    categoryProposed: doc.categoryProposed,
    phone: viewer.revealPhone ? doc.phone : doc.phone ? maskPhone(doc.phone) : null,
    description: doc.description,
    occurredAt: iso(doc.occurredAt),
    involvedStaff: doc.involvedStaff,
    wants: doc.wants,
    photoIds: doc.photoIds ?? [],
    stepName: stepDefinition(doc.step).name,
    nextStep: doc.flowComplete ? null : doc.step,
    flowComplete: doc.flowComplete,
    acceptedAt: iso(doc.acceptedAt),
    firstContactOnTime: doc.firstContactOnTime,
    closedAt: iso(doc.closedAt),
    closedOnTime: doc.closedOnTime,
    cause: doc.cause,
    findings: doc.findings,
    severityProposed: doc.severityProposed,
    severityName: doc.severity ? SEVERITY_NAMES[doc.severity] : null,
    fines: doc.severity ? finesFor(doc.severity) : null,
    liability: doc.liability,
    responsibleStaff: doc.responsibleStaff,
    plan: doc.plan ? { text: doc.plan.text, remedy: doc.plan.remedy, amount: yuan(doc.plan.amountFen) } : null,
    agreement: doc.agreement ? { agreed: doc.agreement.agreed, outcome: doc.agreement.outcome, amount: yuan(doc.agreement.amountFen) } : null,
    refund: doc.refund
      ? {
          kind: doc.refund.kind,
          amount: yuan(doc.refund.amountFen),
          method: doc.refund.method,
          responsibleStaff: doc.refund.responsibleStaff,
          processedAt: iso(doc.refund.processedAt),
          expectedArrivalAt: iso(doc.refund.expectedArrivalAt),
        }
      : null,
    refundTotal: yuan(doc.refundFen),
    closingSummary: doc.closingSummary,
    penalty: doc.penalty,
    preventionPlan: doc.preventionPlan,
    returnVisitPending: doc.returnVisitPending,
    returnVisits: doc.returnVisits.map((v) => ({ round: v.round, at: iso(v.at), by: v.by, satisfied: v.satisfied, note: v.note })),
    deadlinesProvisional: doc.deadlinesProvisional,
    calendarWarning: doc.deadlinesProvisional ? calendarWarning(doc.provisionalDeadlines, calendarKnownThrough()) : null,
    steps: doc.steps.map((s) => ({
      step: s.step,
      name: stepDefinition(s.step).name,
      at: iso(s.at),
      by: s.by,
      note: s.note,
      data: presentStepData(s.data ?? {}),
      dueAt: iso(s.dueAt),
      late: s.late,
      skipped: s.skipped,
    })),
    audit: audit.map(presentAudit),
  }
}

export type CaseView = ReturnType<typeof presentCase>

export interface CustomerCaseStatus {
  number: string
  clinicCode: string
  status: Status
  statusText: string
  receivedAt: string
  firstContactDueAt: string
  firstContacted: boolean
  closeDueAt: string | null
  closedAt: string | null
}

/** What the customer may know of their own case: no staff names, notes or internal steps. */
export function presentForCustomer(doc: CaseDoc): CustomerCaseStatus {
  return {
    number: doc.number,
    clinicCode: doc.clinicCode,
    status: doc.status,
    statusText: customerStatusText(doc.status, doc.step),
    receivedAt: iso(doc.receivedAt)!,
    firstContactDueAt: iso(doc.firstContactDueAt)!,
    firstContacted: Boolean(doc.firstContactAt),
    closeDueAt: iso(doc.closeDueAt),
    closedAt: iso(doc.closedAt),
  }
}
