import { appointmentRequestModel } from '../appointments/model.ts'
import { addDays, startOfBusinessDay } from '../calendar/index.ts'
import { overdueQuery } from '../complaints/views.ts'
import { complaintModel } from '../complaints/model.ts'
import { returnVisitDue } from '../complaints/return-visits.ts'
import { conversationModel } from '../conversations/model.ts'
import { couponModel } from '../coupons/model.ts'
import { memberModel } from '../members/model.ts'
import { businessDay } from '../../platform/clock.ts'
import type { Deps } from '../../platform/deps.ts'

/**
 * The figures behind the dashboard's and the complaints page's cards, in one answer: counted in the
 * database (a count each, the week's redemptions in one read), never by paging through lists.
 */
export async function chatCounts({ db }: Pick<Deps, 'db'>, now: Date) {
  const Conversation = conversationModel(db)
  const [queue, withAgents, today] = await Promise.all([
    Conversation.find({ status: 'escalated' }, { reason: 1 }).lean<Array<{ reason?: string }>>(),
    Conversation.countDocuments({ status: 'agent' }),
    Conversation.countDocuments({ lastMessageAt: { $gte: startOfBusinessDay(businessDay(now)) } }),
  ])
  const waitingByReason: Record<string, number> = {}
  for (const { reason } of queue) waitingByReason[reason ?? 'other'] = (waitingByReason[reason ?? 'other'] ?? 0) + 1
  return { waiting: queue.length, withAgents, today, waitingByReason }
}

export async function couponCounts({ db }: Pick<Deps, 'db'>, now: Date) {
  const Coupon = couponModel(db)
  const today = businessDay(now)
  const days = Array.from({ length: 7 }, (_, i) => addDays(today, i - 6))
  const [issued, issuedToday, redeemed, lastWeek] = await Promise.all([
    Coupon.countDocuments({}),
    Coupon.countDocuments({ issuedAt: { $gte: startOfBusinessDay(today) } }),
    Coupon.countDocuments({ status: 'redeemed' }),
    Coupon.find({ status: 'redeemed', redeemedAt: { $gte: startOfBusinessDay(days[0]) } }, { redeemedAt: 1 }).lean<Array<{ redeemedAt: Date }>>(),
  ])
  const redeemedByDay = days.map((day) => ({ day, count: lastWeek.filter((c) => businessDay(c.redeemedAt) === day).length }))
  return { issued, issuedToday, redeemed, redeemedToday: redeemedByDay[6].count, redeemedByDay }
}

export async function memberCounts({ db }: Pick<Deps, 'db'>) {
  const Member = memberModel(db)
  const listed = { status: { $ne: 'merged' } }
  const tiers = ['A', 'B', 'C', 'D'] as const
  const [total, ...byTier] = await Promise.all([Member.countDocuments(listed), ...tiers.map((tier) => Member.countDocuments({ ...listed, tier }))])
  return { total, byTier: Object.fromEntries(tiers.map((t, i) => [t, byTier[i]])) as Record<(typeof tiers)[number], number> }
}

export async function appointmentCounts({ db }: Pick<Deps, 'db'>, now: Date, clinicCodes: string[] | null) {
  const Appointment = appointmentRequestModel(db)
  const scope = clinicCodes ? { clinicCode: { $in: clinicCodes } } : {}
  const [today, toConfirm] = await Promise.all([
    Appointment.countDocuments({ ...scope, day: businessDay(now), status: { $ne: 'cancelled' } }),
    Appointment.countDocuments({ ...scope, status: 'requested' }),
  ])
  return { today, toConfirm }
}

export async function complaintCounts(deps: Pick<Deps, 'db'>, now: Date, clinicCodes: string[] | null, withReturnVisits: boolean) {
  const Case = complaintModel(deps.db)
  const scope = clinicCodes ? { clinicCode: { $in: clinicCodes } } : {}
  const [open, overdue, reopened, returnVisits] = await Promise.all([
    Case.countDocuments({ ...scope, status: 'open' }),
    Case.countDocuments({ ...scope, ...overdueQuery(now) }),
    Case.countDocuments({ ...scope, status: 'reopened' }),
    withReturnVisits ? returnVisitDue(deps, now, { clinicCodes: clinicCodes ?? undefined }) : null,
  ])
  return { open, overdue, reopened, returnVisits: returnVisits ? returnVisits.length : null }
}
