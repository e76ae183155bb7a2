import type { Types } from 'mongoose'
import { businessDay } from '../../platform/clock.ts'
import { transition, type Change } from '../../platform/db/atomic.ts'
import { keyedObjectId } from '../../platform/db/keyed-id.ts'
import type { Deps } from '../../platform/deps.ts'
import { conflict, isDuplicateKeyError, notFound, ruleNotMet } from '../../platform/errors.ts'
import { publishLiveEvent } from '../../platform/live-events.ts'
import { maskPhone } from '../../platform/privacy.ts'
import { getClinic } from '../clinics/service.ts'
import { conversationModel, type ConversationDoc } from '../conversations/model.ts'
import { sendToMember, sendUnprompted } from '../conversations/notify-member.ts'
import { ROLES_SEEING_FULL_PHONE } from '../members/present.ts'
import type { StaffPrincipal } from '../staff/service.ts'
import { appointmentCopy } from './copy.ts'
import { appointmentRequestModel, type AppointmentRequestDoc, type AppointmentStatus } from './model.ts'

export interface AppointmentRequestInput {
  key: string
  memberId?: string | null
  conversationId?: string
  clinicCode: string
  day: string
  time?: string
  partOfDay?: 'morning' | 'noon' | 'afternoon' | 'evening'
  name: string
  phone: string
}

const CUSTOMER = '顾客'

/** Stores the bot's booking request (once per confirming message) and tells the console. */
export async function requestAppointment({ db, clock }: Pick<Deps, 'db' | 'clock'>, input: AppointmentRequestInput): Promise<AppointmentRequestDoc> {
  const Appointment = appointmentRequestModel(db)
  const _id = keyedObjectId('appointment', input.key)
  try {
    const created = (
      await Appointment.create({ _id, ...input, memberId: input.memberId ?? undefined, history: [{ action: 'requested', at: clock.now(), by: CUSTOMER }] })
    ).toObject() as AppointmentRequestDoc
    await publishLiveEvent(db, 'appointment', liveEvent(created, 'requested'))
    return created
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
    return (await Appointment.findById(_id).lean<AppointmentRequestDoc>()) ?? (await Appointment.findOne({ key: input.key }).lean<AppointmentRequestDoc>())!
  }
}

const liveEvent = (doc: AppointmentRequestDoc, kind: string) => ({ appointmentId: String(doc._id), kind, clinicCode: doc.clinicCode, day: doc.day, status: doc.status })

export interface AppointmentView {
  id: string
  status: AppointmentStatus
  clinicCode: string
  memberId: string | null
  conversationId: string | null
  name: string
  phone: string
  /** The day asked for, then the agreed day. */
  day: string
  time: string | null
  partOfDay: string | null
  /** The agreed time, once confirmed. */
  at: string | null
  cancelReason: string | null
  cancelledBy: string | null
  rev: number
  history: Array<{ action: string; at: string; by: string | null; detail: string | null }>
  createdAt: string
}

export function presentAppointment(doc: AppointmentRequestDoc, viewer?: Pick<StaffPrincipal, 'roles'>): AppointmentView {
  const fullPhone = !viewer || viewer.roles.some((r) => ROLES_SEEING_FULL_PHONE.includes(r))
  return {
    id: String(doc._id),
    status: doc.status as AppointmentStatus,
    clinicCode: doc.clinicCode,
    memberId: doc.memberId ? String(doc.memberId) : null,
    conversationId: doc.conversationId ? String(doc.conversationId) : null,
    name: doc.name,
    phone: fullPhone ? doc.phone : maskPhone(doc.phone),
    day: doc.day,
    time: doc.time ?? null,
    partOfDay: doc.partOfDay ?? null,
    at: doc.at?.toISOString() ?? null,
    cancelReason: doc.cancelReason ?? null,
    cancelledBy: doc.cancelledBy ?? null,
    rev: doc.rev ?? 0,
    history: (doc.history ?? []).map((h) => ({ action: h.action, at: new Date(h.at).toISOString(), by: h.by ?? null, detail: h.detail ?? null })),
    createdAt: doc.createdAt.toISOString(),
  }
}

export interface AppointmentFilters {
  status?: AppointmentStatus
  clinicCodes: string[] | null
  day?: string
  memberId?: string
  limit: number
  offset: number
}

/** The console's list: by day, then agreed time, then when asked. */
export async function listAppointments({ db }: Pick<Deps, 'db'>, query: AppointmentFilters): Promise<{ items: AppointmentRequestDoc[]; total: number }> {
  const filter: Record<string, unknown> = {}
  if (query.status) filter.status = query.status
  if (query.clinicCodes) filter.clinicCode = { $in: query.clinicCodes }
  if (query.day) filter.day = query.day
  if (query.memberId) filter.memberId = query.memberId
  const Appointment = appointmentRequestModel(db)
  const [items, total] = await Promise.all([
    Appointment.find(filter).sort({ day: 1, at: 1, createdAt: 1, _id: 1 }).skip(query.offset).limit(query.limit).lean<AppointmentRequestDoc[]>(),
    Appointment.countDocuments(filter),
  ])
  return { items, total }
}

export async function getAppointment({ db }: Pick<Deps, 'db'>, id: string): Promise<AppointmentRequestDoc> {
  const doc = /^[0-9a-f]{24}$/.test(id) ? await appointmentRequestModel(db).findById(id).lean<AppointmentRequestDoc>() : null
  if (!doc) throw notFound('appointment_not_found', 'No such appointment request.')
  return doc
}

/** One guarded change; a request that moved on meanwhile (or since the caller's `rev`) answers 409. */
async function change(
  deps: Pick<Deps, 'db'>,
  id: string,
  expected: { statuses: AppointmentStatus[]; rev?: number },
  update: (doc: AppointmentRequestDoc) => Change,
): Promise<{ before: AppointmentRequestDoc; after: AppointmentRequestDoc }> {
  const before = await getAppointment(deps, id)
  const fits = (doc: AppointmentRequestDoc) => expected.statuses.includes(doc.status as AppointmentStatus) && (expected.rev === undefined || (doc.rev ?? 0) === expected.rev)
  const after = fits(before) ? await transition<AppointmentRequestDoc>(deps.db, appointmentRequestModel(deps.db), before._id, fits, update) : null
  if (!after) {
    const now = await getAppointment(deps, id)
    throw conflict('appointment_changed', `This request has changed meanwhile (it is ${now.status} now, revision ${now.rev ?? 0}); reload it and try again.`)
  }
  return { before, after }
}

function assertFuture(deps: Pick<Deps, 'clock'>, at: Date) {
  if (at.getTime() <= deps.clock.now().getTime()) throw ruleNotMet('appointment_in_past', 'The appointment time has passed already; give a time from now on.')
}

export interface StaffChange {
  staff: Pick<StaffPrincipal, 'name'>
  rev?: number
}

export interface ChangeOutcome {
  appointment: AppointmentRequestDoc
  /** Whether the customer could be told in chat now; otherwise staff tell them by phone. */
  customerTold: boolean
}

/** requested → confirmed at an agreed time; the customer is told the day, time, clinic and address. */
export async function confirmAppointment(deps: Deps, id: string, at: Date, who: StaffChange): Promise<ChangeOutcome> {
  assertFuture(deps, at)
  const { after } = await change(deps, id, { statuses: ['requested'], rev: who.rev }, () => ({
    $set: { status: 'confirmed', at, day: businessDay(at) },
    $push: { history: { action: 'confirmed', at: deps.clock.now(), by: who.staff.name, detail: at.toISOString() } },
  }))
  const clinic = await getClinic(deps.db, after.clinicCode)
  return announce(deps, after, 'confirmed', appointmentCopy.confirmed(clinic, at))
}

/** A new agreed time (from requested or confirmed); the customer is told. */
export async function rescheduleAppointment(deps: Deps, id: string, at: Date, who: StaffChange): Promise<ChangeOutcome> {
  assertFuture(deps, at)
  const { after } = await change(deps, id, { statuses: ['requested', 'confirmed'], rev: who.rev }, (doc) => ({
    $set: { status: 'confirmed', at, day: businessDay(at) },
    $push: { history: { action: 'rescheduled', at: deps.clock.now(), by: who.staff.name, detail: `${doc.at?.toISOString() ?? doc.day} → ${at.toISOString()}` } },
  }))
  const clinic = await getClinic(deps.db, after.clinicCode)
  return announce(deps, after, 'rescheduled', appointmentCopy.rescheduled(clinic, at))
}

/** Cancelled by the clinic, with the reason the customer is told. */
export async function cancelAppointment(deps: Deps, id: string, reason: string, who: StaffChange): Promise<ChangeOutcome> {
  const { after } = await change(deps, id, { statuses: ['requested', 'confirmed'], rev: who.rev }, () => ({
    $set: { status: 'cancelled', cancelReason: reason, cancelledBy: 'staff' },
    $push: { history: { action: 'cancelled', at: deps.clock.now(), by: who.staff.name, detail: reason } },
  }))
  const clinic = await getClinic(deps.db, after.clinicCode)
  return announce(deps, after, 'cancelled', appointmentCopy.cancelledByClinic(clinic, after.day, reason))
}

/** The customer's own open requests, soonest first (the chat's 改约 / 取消). */
export async function openRequestsOf({ db, clock }: Pick<Deps, 'db' | 'clock'>, customer: { memberId: string | null; conversationId: Types.ObjectId }): Promise<AppointmentRequestDoc[]> {
  const today = businessDay(clock.now())
  const filter = customer.memberId ? { memberId: customer.memberId } : { conversationId: customer.conversationId }
  const docs = await appointmentRequestModel(db).find(filter).sort({ day: 1, createdAt: 1 }).lean<AppointmentRequestDoc[]>()
  return docs.filter((d) => d.status !== 'cancelled' && d.day >= today)
}

/** Cancelled by the customer in chat (they are answered by the dialog). */
export async function cancelByCustomer(deps: Pick<Deps, 'db' | 'clock'>, id: string): Promise<AppointmentRequestDoc> {
  const { after } = await change(deps, id, { statuses: ['requested', 'confirmed'] }, () => ({
    $set: { status: 'cancelled', cancelReason: '顾客在微信中取消', cancelledBy: 'customer' },
    $push: { history: { action: 'cancelled', at: deps.clock.now(), by: CUSTOMER } },
  }))
  await publishLiveEvent(deps.db, 'appointment', liveEvent(after, 'cancelled_by_customer'))
  return after
}

/** The customer asks for another day in chat: the request goes back to staff to agree a time. */
export async function rescheduleByCustomer(deps: Pick<Deps, 'db' | 'clock'>, id: string, wish: { day: string; time?: string; partOfDay?: AppointmentRequestInput['partOfDay'] }): Promise<AppointmentRequestDoc> {
  const { after } = await change(deps, id, { statuses: ['requested', 'confirmed'] }, (doc) => ({
    $set: { status: 'requested', day: wish.day, ...(wish.time ? { time: wish.time } : {}), ...(wish.partOfDay ? { partOfDay: wish.partOfDay } : {}) },
    $unset: { at: 1, ...(wish.time || wish.partOfDay ? {} : { time: 1, partOfDay: 1 }) },
    $push: { history: { action: 'reschedule_requested', at: deps.clock.now(), by: CUSTOMER, detail: `${doc.day} → ${wish.day}${wish.time ? ` ${wish.time}` : ''}` } },
  }))
  await publishLiveEvent(deps.db, 'appointment', liveEvent(after, 'reschedule_requested'))
  return after
}

/** Tells the console, and the customer in the chat the request came from (keyed: once per change). */
async function announce(deps: Deps, doc: AppointmentRequestDoc, kind: string, text: string): Promise<ChangeOutcome> {
  await publishLiveEvent(deps.db, 'appointment', liveEvent(doc, kind))
  const customerTold = await tellCustomer(deps, doc, text, `appointment:${doc._id}:${doc.rev}`)
  return { appointment: doc, customerTold }
}

export async function tellCustomer(deps: Pick<Deps, 'db' | 'clock'>, doc: AppointmentRequestDoc, text: string, keyPrefix: string): Promise<boolean> {
  const options = { keyPrefix, origin: 'appointment', priority: 1 }
  const conversation = doc.conversationId ? await conversationModel(deps.db).findById(doc.conversationId).lean<ConversationDoc>() : null
  if (conversation) return (await sendUnprompted(deps, conversation, [text], options)).sent
  return doc.memberId ? (await sendToMember(deps, String(doc.memberId), [text], options)).sent : false
}
