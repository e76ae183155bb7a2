import { Types } from 'mongoose'
import type { Deps } from '../../platform/deps.ts'
import { AppError, gone, notFound, ruleNotMet } from '../../platform/errors.ts'
import { isCalendarDay, today } from '../members/days.ts'
import { appointmentRequestModel, type AppointmentRequestDoc } from '../appointments/model.ts'
import { cancelByCustomer, requestAppointment } from '../appointments/service.ts'
import { listClinics, type ClinicView } from '../clinics/service.ts'
import { complaintModel, type CaseDoc, type Want } from '../complaints/model.ts'
import { ownPhotoIds } from '../complaints/photos.ts'
import { fileComplaint } from '../complaints/service.ts'
import { presentForCustomer } from '../complaints/views.ts'
import { getCouponByCode } from '../coupons/redeem.ts'
import { listMemberCoupons } from '../coupons/service.ts'
import { memberModel, type MemberDoc } from '../members/model.ts'
import { normalizeMainlandMobile } from '../members/phone.ts'
import { notifyStaff, staffOf } from '../notifications/service.ts'
import { redeemGift } from '../points/gifts.ts'
import { memberBalance } from '../points/service.ts'
import { answerSurvey } from '../surveys/answers.ts'
import { invitationModel, type InvitationDoc } from '../surveys/model.ts'
import type { AnswerInput } from '../surveys/schemas.ts'
import { templateVersion } from '../surveys/templates.ts'
import { mpNoticeCopy } from './copy.ts'
import type { MemberPrincipal } from './sessions.ts'
import { presentMpAppointment, presentMpCase, presentMpClinic, presentMpCoupon, presentMpMember, type MpCouponStatus } from './views.ts'

/** The member behind a principal; before the phone is bound there is none. */
export function requireMember(principal: MemberPrincipal | null): Types.ObjectId {
  if (!principal?.memberId) throw new AppError('member_required', 403, 'Bind your phone number first to become a member.')
  return principal.memberId
}

async function clinicsByCode(deps: Pick<Deps, 'db'>): Promise<Map<string, ClinicView>> {
  return new Map((await listClinics(deps.db)).map((clinic) => [clinic.code, clinic]))
}

export async function mpMember(deps: Pick<Deps, 'db'>, doc: MemberDoc) {
  const clinic = (await clinicsByCode(deps)).get(doc.clinicCode)
  return presentMpMember(doc, await memberBalance(deps, doc._id), clinic ? presentMpClinic(clinic) : null)
}

export async function mpMemberById(deps: Pick<Deps, 'db'>, memberId: Types.ObjectId) {
  const doc = await memberModel(deps.db).findById(memberId).lean<MemberDoc>()
  if (!doc) throw notFound('member_not_found', 'No such member.')
  return mpMember(deps, doc)
}

export async function mpClinics(deps: Pick<Deps, 'db'>) {
  return (await listClinics(deps.db)).map(presentMpClinic)
}

// —— coupons ——

export async function myCoupons(deps: Pick<Deps, 'db' | 'clock'>, memberId: Types.ObjectId, status?: MpCouponStatus) {
  const items = (await listMemberCoupons(deps, memberId)).map(presentMpCoupon).filter((c) => !status || c.status === status)
  return { items, total: items.length }
}

export async function myCoupon(deps: Pick<Deps, 'db' | 'clock'>, memberId: Types.ObjectId, code: string) {
  const coupon = await getCouponByCode(deps, code).catch((err) => {
    if (err instanceof AppError && err.status === 404) return null
    throw err
  })
  if (!coupon || coupon.memberId !== String(memberId)) throw notFound('coupon_not_found', 'No such coupon.')
  return presentMpCoupon(coupon)
}

// —— appointments ——

export async function myAppointments(deps: Pick<Deps, 'db'>, memberId: Types.ObjectId) {
  const [docs, clinics] = await Promise.all([
    appointmentRequestModel(deps.db).find({ memberId }).sort({ createdAt: -1 }).limit(50).lean<AppointmentRequestDoc[]>(),
    clinicsByCode(deps),
  ])
  const items = docs.map((doc) => presentMpAppointment(doc, clinics.get(doc.clinicCode)?.name ?? doc.clinicCode))
  return { items, total: items.length }
}

async function ownAppointment(deps: Pick<Deps, 'db'>, memberId: Types.ObjectId, id: string): Promise<AppointmentRequestDoc> {
  const doc = /^[0-9a-f]{24}$/i.test(id) ? await appointmentRequestModel(deps.db).findById(id).lean<AppointmentRequestDoc>() : null
  if (!doc || !doc.memberId || !new Types.ObjectId(String(doc.memberId)).equals(memberId)) throw notFound('appointment_not_found', 'No such booking.')
  return doc
}

export interface MpBookingInput {
  requestKey?: string
  clinicCode: string
  day: string
  time?: string
  partOfDay?: 'morning' | 'afternoon'
  name: string
  phone: string
}

/** 预约 from the mini program: the same request the bot takes, and the clinic's agents are told. */
export async function bookAppointment(deps: Pick<Deps, 'db' | 'clock' | 'config'>, memberId: Types.ObjectId, input: MpBookingInput) {
  const clinics = await clinicsByCode(deps)
  const clinic = clinics.get(input.clinicCode)
  if (!clinic) throw ruleNotMet('unknown_clinic', `Unknown clinic code: ${input.clinicCode}.`)
  const now = deps.clock.now()
  if (!isCalendarDay(input.day)) throw ruleNotMet('invalid_date', `${input.day} is not a calendar day.`)
  if (input.day < today(now)) throw ruleNotMet('day_in_past', 'The day asked for has passed.')
  const phone = normalizeMainlandMobile(input.phone)
  if (!phone) throw ruleNotMet('invalid_phone', 'The phone must be a mainland mobile number (11 digits starting with 1).')
  const key = `mp:${memberId}:${input.requestKey ?? new Types.ObjectId().toHexString()}`
  const doc = await requestAppointment(deps, {
    key,
    memberId: String(memberId),
    clinicCode: clinic.code,
    day: input.day,
    time: input.time,
    partOfDay: input.time ? undefined : input.partOfDay,
    name: input.name.trim(),
    phone,
  })
  const agents = await staffOf(deps, ['agent'], clinic.code)
  await notifyStaff(deps, { key: `appointment:${doc._id}`, kind: 'appointment_request', clinicCode: clinic.code, link: '/appointments', ...mpNoticeCopy.booking(clinic, doc) }, agents)
  return presentMpAppointment(doc, clinic.name)
}

export async function cancelMyAppointment(deps: Pick<Deps, 'db' | 'clock'>, memberId: Types.ObjectId, id: string) {
  const doc = await ownAppointment(deps, memberId, id)
  if (doc.status === 'cancelled') throw gone('appointment_closed', 'This booking is cancelled already.')
  const after = await cancelByCustomer(deps, id)
  const clinic = (await clinicsByCode(deps)).get(after.clinicCode)
  return presentMpAppointment(after, clinic?.name ?? after.clinicCode)
}

// —— complaints ——

async function presentCaseFor(deps: Pick<Deps, 'db'>, docs: CaseDoc[]) {
  const clinics = await clinicsByCode(deps)
  return docs.map((doc) => presentMpCase(presentForCustomer(doc), { clinicName: clinics.get(doc.clinicCode)?.name ?? doc.clinicCode, description: doc.description, photoCount: doc.photoIds?.length ?? 0 }))
}

export async function myComplaints(deps: Pick<Deps, 'db'>, memberId: Types.ObjectId) {
  const docs = await complaintModel(deps.db).find({ memberId: String(memberId) }).sort({ receivedAt: -1 }).limit(50).lean<CaseDoc[]>()
  const items = await presentCaseFor(deps, docs)
  return { items, total: items.length }
}

export async function myComplaint(deps: Pick<Deps, 'db'>, memberId: Types.ObjectId, number: string) {
  const doc = await complaintModel(deps.db).findOne({ number: number.trim().toUpperCase() }).lean<CaseDoc>()
  if (!doc || doc.memberId !== String(memberId)) throw notFound('complaint_not_found', 'No such complaint.')
  return (await presentCaseFor(deps, [doc]))[0]
}

export interface MpComplaintInput {
  clinicCode: string
  description: string
  occurredAt?: Date
  wants?: Want[]
  photoIds?: string[]
}

/** 投诉与建议 from the mini program: channel `miniprogram`, the same 11 steps; the clinic's supervisors are told at once. */
export async function fileMyComplaint(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'log'>, memberId: Types.ObjectId, input: MpComplaintInput) {
  const member = await memberModel(deps.db).findById(memberId).lean<MemberDoc>()
  if (!member) throw notFound('member_not_found', 'No such member.')
  const photoIds = await ownPhotoIds(deps, memberId, input.photoIds ?? [])
  const filed = await fileComplaint(deps, {
    clinicCode: input.clinicCode,
    channel: 'miniprogram',
    customerName: member.name || '会员',
    phone: member.phone ?? undefined,
    memberId: String(memberId),
    description: input.description,
    occurredAt: input.occurredAt,
    wants: input.wants,
    photoIds,
  })
  const supervisors = await staffOf(deps, ['supervisor'], filed.clinicCode)
  await notifyStaff(deps, { key: `complaint-filed:${filed.number}`, kind: 'complaint_filed', clinicCode: filed.clinicCode, link: `/complaints/${filed.number}`, ...mpNoticeCopy.complaint(filed) }, supervisors)
  return myComplaint(deps, memberId, filed.number)
}

// —— surveys ——

function isOpen(doc: InvitationDoc, now: Date) {
  return doc.status === 'sent' && (!doc.expiresAt || doc.expiresAt.getTime() > now.getTime())
}

export async function mySurveys(deps: Pick<Deps, 'db' | 'clock'>, memberId: Types.ObjectId) {
  const now = deps.clock.now()
  const docs = (await invitationModel(deps.db).find({ memberId, status: 'sent' }).sort({ sentAt: -1 }).limit(20).lean<InvitationDoc[]>()).filter((doc) => isOpen(doc, now))
  const clinics = await clinicsByCode(deps)
  const items = []
  for (const doc of docs) {
    const template = await templateVersion(deps.db, doc.surveyType, doc.templateVersion)
    const answered = new Set((doc.answers ?? []).map((a) => a.questionId))
    items.push({
      id: String(doc._id),
      name: template.name,
      intro: template.intro,
      clinicName: clinics.get(doc.clinicCode)?.name ?? doc.clinicCode,
      visitDay: doc.visitDay,
      sentAt: doc.sentAt?.toISOString() ?? null,
      expiresAt: doc.expiresAt?.toISOString() ?? null,
      questions: template.questions.map((q) => ({ id: q.id, kind: q.kind, text: q.text, options: (q.options ?? []).map(({ id, label }) => ({ id, label })), answered: answered.has(q.id) })),
    })
  }
  return { items }
}

export async function answerMySurvey(deps: Pick<Deps, 'db' | 'clock' | 'config'>, memberId: Types.ObjectId, id: string, answers: AnswerInput[]) {
  const doc = /^[0-9a-f]{24}$/i.test(id) ? await invitationModel(deps.db).findById(id).lean<InvitationDoc>() : null
  if (!doc || !doc.memberId.equals(memberId) || !doc.sentAt) throw notFound('survey_not_found', 'No such survey.')
  if (doc.status === 'sent' && !isOpen(doc, deps.clock.now())) throw gone('survey_closed', 'This survey has closed.')
  const outcome = await answerSurvey(deps, id, answers, { source: 'miniprogram' })
  const template = await templateVersion(deps.db, doc.surveyType, doc.templateVersion)
  return { complete: outcome.complete, thanks: outcome.complete ? template.thanks : null }
}

// —— gifts ——

export async function redeemMyGift(deps: Pick<Deps, 'db' | 'clock' | 'config'>, memberId: Types.ObjectId, giftId: string) {
  const member = await memberModel(deps.db).findById(memberId).lean<MemberDoc>()
  if (!member) throw notFound('member_not_found', 'No such member.')
  const { gift, balance, entry } = await redeemGift(deps, giftId, String(memberId))
  const clinic = (await clinicsByCode(deps)).get(member.clinicCode)
  const staff = await staffOf(deps, ['agent', 'marketing'], member.clinicCode)
  await notifyStaff(deps, { key: `gift-redeemed:${entry.id}`, kind: 'gift_redeemed', clinicCode: member.clinicCode, link: `/members/${memberId}`, ...mpNoticeCopy.gift(gift.name, member, clinic) }, staff)
  return { balance, giftName: gift.name, pickUpAt: clinic ? presentMpClinic(clinic) : null }
}
