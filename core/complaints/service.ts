/** Complaint cases: filing, reading, the flow's transitions and first contact. Shared by the bot and the console. */
import type { Severity } from './severity.ts'
import type { Deps } from '../../platform/deps.ts'
import { conflict, notFound, ruleNotMet } from '../../platform/errors.ts'
import { calendarKnownThrough } from '../calendar/index.ts'
import { clinicModel, type ClinicDoc } from '../clinics/model.ts'
import { staffModel, type StaffDoc } from '../staff/model.ts'
import type { StaffPrincipal } from '../staff/service.ts'
import { CASE_READERS, actorRef, assertMayLookUp, assertSeesClinic, botActor, seesClinic, staffActor, viewerOf, type Actor, type Viewer } from './access.ts'
import { auditTrail, changeCase, loadCase, recordIntake } from './audit.ts'
import { proposeCategory, type Category } from './categories.ts'
import { firstContactDeadline } from './deadlines.ts'
import { stepDefinition } from './flow.ts'
import { complaintModel, type CaseDoc, type Channel, type Status, type Want } from './model.ts'
import { businessMonth, insertWithNextNumber } from './numbering.ts'
import { decideTransition, provisionalMark, type TransitionInput } from './transitions.ts'
import { overdueQuery, presentCase, presentForCustomer, presentListItem, type CaseListItem, type CaseView, type CustomerCaseStatus } from './views.ts'

export interface FileComplaintInput {
  clinicCode: string
  channel: Channel
  customerName: string
  phone?: string
  memberId?: string
  description: string
  occurredAt?: Date
  involvedStaff?: string[]
  wants?: Want[]
  category?: Category
  /** Uploaded photos (core/complaints/photos.ts), checked by the caller. */
  photoIds?: string[]
}

/** Logs, for the admins, that a case's deadlines rest on a calendar the State Council has not published yet. */
function warnProvisional(deps: Pick<Deps, 'log'>, doc: Pick<CaseDoc, 'number' | 'clinicCode'>, deadline: string, dueAt: Date) {
  const knownThrough = calendarKnownThrough()
  deps.log.warn(
    { number: doc.number, clinicCode: doc.clinicCode, deadline, dueAt: dueAt.toISOString(), calendarKnownThrough: knownThrough },
    `Complaint ${doc.number}: the ${deadline} deadline (${dueAt.toISOString()}) was computed on a provisional calendar — ` +
      `the official holidays after ${knownThrough} are not known yet; an admin enters the State Council's notice on the console's 节假日 page (PUT /api/calendar/years/:year) and the deadline is recomputed.`,
  )
}

/**
 * Step 1, intake: records a complaint from any channel (the bot for chat, staff for phone and face
 * to face), gives it the month's next case number and starts the first-contact deadline.
 */
export async function fileComplaint(deps: Pick<Deps, 'db' | 'clock' | 'log'>, input: FileComplaintInput, actor: Actor = botActor): Promise<CaseView> {
  if (actor.kind === 'staff') assertSeesClinic(actor.staff, input.clinicCode)
  // Checked before a number is drawn, so a bad intake cannot leave a gap in the month's numbers.
  const missing = (['customerName', 'description'] as const).filter((field) => !input[field]?.trim())
  if (missing.length) throw ruleNotMet('missing_fields', `A complaint needs: ${missing.join(', ')}.`, { fields: missing })
  const clinic = await clinicModel(deps.db).findOne({ code: input.clinicCode }).lean<ClinicDoc>()
  if (!clinic) throw ruleNotMet('unknown_clinic', `Unknown clinic code: ${input.clinicCode}.`)

  const receivedAt = deps.clock.now()
  const firstContact = firstContactDeadline(receivedAt)
  const categoryProposed = proposeCategory(input.description)
  const by = actorRef(actor, actor.kind === 'staff' ? actor.staff.roles.find((r) => r !== 'admin') : undefined)
  const doc = await insertWithNextNumber(deps.db, clinic.code, receivedAt, (number, seq) => ({
    number,
    seq,
    clinicCode: clinic.code,
    region: clinic.region,
    channel: input.channel,
    memberId: input.memberId ?? null,
    customerName: input.customerName.trim(),
    phone: input.phone?.trim() || null,
    description: input.description.trim(),
    occurredAt: input.occurredAt ?? null,
    involvedStaff: input.involvedStaff ?? [],
    wants: input.wants ?? [],
    photoIds: input.photoIds ?? [],
    category: input.category ?? categoryProposed,
    categoryProposed,
    status: 'open',
    step: 2,
    flowComplete: false,
    stepEnteredAt: receivedAt,
    stepDueAt: null,
    steps: [{ step: 1, at: receivedAt, by, note: null, data: { channel: input.channel }, dueAt: null, late: false, skipped: false }],
    cause: null,
    findings: null,
    severityProposed: null,
    severity: null,
    severityFlags: {},
    liability: null,
    responsibleStaff: null,
    plan: null,
    agreement: null,
    refund: null,
    refundFen: 0,
    refunded: false,
    closingSummary: null,
    penalty: null,
    preventionPlan: null,
    receivedAt,
    receivedMonth: businessMonth(receivedAt),
    acceptedAt: null,
    firstContactDueAt: firstContact.dueAt,
    firstContactAt: null,
    firstContactOnTime: null,
    closeDueAt: null,
    closedAt: null,
    closedOnTime: null,
    closeRound: 0,
    returnVisitPending: false,
    returnVisits: [],
    ...(firstContact.provisional ? provisionalMark({ provisionalDeadlines: [] }, 'first_contact') : { deadlinesProvisional: false, provisionalDeadlines: [] }),
    version: 1,
  }) as Omit<CaseDoc, '_id'>)
  if (firstContact.provisional) warnProvisional(deps, doc, 'first_contact', firstContact.dueAt)
  deps.log.info({ number: doc.number, clinicCode: doc.clinicCode, channel: doc.channel }, 'complaint filed')
  const intake = await recordIntake(deps.db, doc, by)
  return presentCase(doc, [intake], viewerOf(actor), receivedAt)
}

export interface ListComplaintsQuery {
  memberId?: string
  status?: Status
  clinicCode?: string
  overdue?: boolean
  mine?: boolean
  step?: number
  severity?: Severity
  limit: number
  offset: number
}

export async function listComplaints(deps: Pick<Deps, 'db' | 'clock'>, staff: StaffPrincipal, query: ListComplaintsQuery): Promise<{ items: CaseListItem[]; total: number }> {
  const now = deps.clock.now()
  const filter: Record<string, unknown> = {}
  if (query.clinicCode) {
    assertSeesClinic(staff, query.clinicCode)
    filter.clinicCode = query.clinicCode
  } else if (staff.clinicCodes.length) {
    filter.clinicCode = { $in: staff.clinicCodes }
  }
  if (query.memberId) filter.memberId = query.memberId
  if (query.mine === true) filter['assignee.id'] = staff.id
  if (query.status) filter.status = query.status
  if (query.step) filter.step = query.step
  if (query.severity) filter.severity = query.severity
  if (query.overdue === true) Object.assign(filter, overdueQuery(now))
  if (query.overdue === false) filter.$nor = overdueQuery(now).$or
  const Case = complaintModel(deps.db)
  const [docs, total] = await Promise.all([
    Case.find(filter).sort({ receivedAt: -1, seq: -1 }).skip(query.offset).limit(query.limit).lean<CaseDoc[]>(),
    Case.countDocuments(filter),
  ])
  return { items: docs.map((doc) => presentListItem(doc, now)), total }
}

async function caseForStaff(deps: Pick<Deps, 'db'>, staff: StaffPrincipal, number: string): Promise<CaseDoc> {
  assertMayLookUp(staff, number)
  const doc = await loadCase(deps.db, number)
  if (!doc) throw notFound('complaint_not_found', `No complaint case ${number}.`)
  assertSeesClinic(staff, doc.clinicCode)
  return doc
}

async function present(deps: Pick<Deps, 'db' | 'clock'>, doc: CaseDoc, viewer: Viewer): Promise<CaseView> {
  return presentCase(doc, await auditTrail(deps.db, doc.number), viewer, deps.clock.now())
}

/** The case with its steps and audit trail, as the staff member may see it. */
export async function getComplaint(deps: Pick<Deps, 'db' | 'clock'>, staff: StaffPrincipal, number: string): Promise<CaseView> {
  const doc = await caseForStaff(deps, staff, number)
  return present(deps, doc, viewerOf(staffActor(staff)))
}

/** Moves a case one step along the flow (403 wrong role or clinic, 409 closed, 422 out of order or missing fields). */
export async function transitionComplaint(deps: Pick<Deps, 'db' | 'clock' | 'log'>, staff: StaffPrincipal, number: string, input: TransitionInput): Promise<CaseView> {
  await caseForStaff(deps, staff, number)
  const actor = { kind: 'staff' as const, staff }
  const seen: { before?: CaseDoc } = {}
  const doc = await changeCase(deps, number, (current, now) => {
    seen.before = current
    return decideTransition(current, input, actor, now)
  })
  const newlyProvisional = doc.provisionalDeadlines.filter((d) => !seen.before?.provisionalDeadlines.includes(d))
  for (const deadline of newlyProvisional) {
    if (deadline === 'refund_arrival' && doc.refund) warnProvisional(deps, doc, deadline, new Date(doc.refund.expectedArrivalAt))
  }
  deps.log.info({ number, step: input.step, staffId: staff.id, nextStep: doc.step, status: doc.status }, `complaint step ${stepDefinition(input.step).key} done`)
  return present(deps, doc, viewerOf(actor))
}

/**
 * A supervisor gives the case to a colleague of its clinic who works cases (or takes it back with
 * null); the audit trail keeps who gave it to whom.
 */
export async function assignComplaint(deps: Pick<Deps, 'db' | 'clock'>, staff: StaffPrincipal, number: string, staffId: string | null): Promise<CaseView> {
  const current = await caseForStaff(deps, staff, number)
  const target = staffId ? await assignableColleague(deps, current.clinicCode, staffId) : null
  const actor = staffActor(staff)
  const doc = await changeCase(deps, number, () => ({
    action: 'assign',
    step: null,
    note: target ? `分配给 ${target.name}` : '取消分配',
    by: actorRef(actor, 'supervisor'),
    set: { assignee: target ?? null },
  }))
  return present(deps, doc, viewerOf(actor))
}

/** Who a supervisor may give the case to: active colleagues of its clinic who work cases. */
export async function assignableColleagues(deps: Pick<Deps, 'db'>, staff: StaffPrincipal, number: string): Promise<Array<{ id: string; name: string; roles: string[] }>> {
  const doc = await caseForStaff(deps, staff, number)
  const colleagues = await staffModel(deps.db).find({ active: true, roles: { $in: CASE_READERS } }).sort({ name: 1 }).lean<StaffDoc[]>()
  return colleagues.filter((c) => seesClinic({ clinicCodes: c.clinicCodes }, doc.clinicCode)).map((c) => ({ id: String(c._id), name: c.name, roles: [...c.roles] }))
}

async function assignableColleague(deps: Pick<Deps, 'db'>, clinicCode: string, staffId: string): Promise<{ id: string; name: string }> {
  const doc = /^[0-9a-f]{24}$/.test(staffId) ? await staffModel(deps.db).findOne({ _id: staffId, active: true }).lean<StaffDoc>() : null
  if (!doc) throw notFound('staff_not_found', 'No such staff member.')
  const worksCases = doc.roles.some((r) => (CASE_READERS as readonly string[]).includes(r))
  if (!worksCases || !seesClinic({ clinicCodes: doc.clinicCodes }, clinicCode)) throw ruleNotMet('not_a_case_worker', `${doc.name} does not work ${clinicCode}'s complaint cases.`)
  return { id: String(doc._id), name: doc.name }
}

/** Records the first contact with the patient (seed: within 3 working days of receipt), on time or late. */
export async function recordFirstContact(deps: Pick<Deps, 'db' | 'clock'>, staff: StaffPrincipal, number: string, input: { note?: string }): Promise<CaseView> {
  await caseForStaff(deps, staff, number)
  const actor = staffActor(staff)
  const doc = await changeCase(deps, number, (current, now) => {
    if (current.firstContactAt) {
      throw conflict('first_contact_recorded', `The first contact for ${number} was already recorded at ${current.firstContactAt.toISOString()}.`)
    }
    const role = staff.roles.find((r) => r === 'supervisor' || r === 'director')
    return {
      action: 'first_contact',
      step: null,
      note: input.note?.trim() || null,
      by: actorRef(actor, role),
      set: { firstContactAt: now, firstContactOnTime: now <= current.firstContactDueAt },
    }
  })
  return present(deps, doc, viewerOf(actor))
}

/**
 * A case's status for the customer (bot, mini program). With a memberId, only that member's own case
 * is answered; anyone else's is null, exactly as if it did not exist.
 */
export async function caseStatusForCustomer(deps: Pick<Deps, 'db'>, number: string, memberId?: string): Promise<CustomerCaseStatus | null> {
  const doc = await loadCase(deps.db, number.trim().toUpperCase())
  if (!doc) return null
  if (memberId !== undefined && doc.memberId !== memberId) return null
  return presentForCustomer(doc)
}

/** Whether the member has a complaint still being handled (surveys leave such members alone). */
export async function openComplaintExists(deps: Pick<Deps, 'db'>, memberId: string): Promise<boolean> {
  return Boolean(await complaintModel(deps.db).exists({ memberId, status: { $in: ['open', 'reopened'] } }))
}

/** A member's own cases, newest first, for the bot and the mini program. */
export async function complaintsOfMember(deps: Pick<Deps, 'db'>, memberId: string): Promise<CustomerCaseStatus[]> {
  const docs = await complaintModel(deps.db).find({ memberId }).sort({ receivedAt: -1 }).limit(20).lean<CaseDoc[]>()
  return docs.map(presentForCustomer)
}
