import type { Types } from 'mongoose'
import { businessDay } from '../../platform/clock.ts'
import type { Deps } from '../../platform/deps.ts'
import { isDuplicateKeyError } from '../../platform/errors.ts'
import { addDays, endOfBusinessDay } from '../calendar/index.ts'
import { memberModel, type MemberDoc } from '../members/model.ts'
import { toMemberView } from '../members/present.ts'
import { memberBalances } from '../points/service.ts'
import type { CareMessage } from '../members/care-messages.ts'
import type { MemberView } from '../members/schemas.ts'
import { couponExpiryReminder } from './copy.ts'
import { couponModel, couponReminderModel, type CouponDoc } from './model.ts'
import { toCouponView } from './present.ts'
import type { CouponView } from './schemas.ts'

/** Marks issued coupons past their expiry as expired (daily job `coupons.expire`). */
export async function expireCoupons(deps: Pick<Deps, 'db'>, now: Date): Promise<{ expired: number }> {
  const result = await couponModel(deps.db).updateMany({ status: 'issued', expiresAt: { $lte: now } }, { $set: { status: 'expired', expiredAt: now } })
  return { expired: result.modifiedCount }
}

/** Issued coupons whose last day is within `days` days from today (Asia/Shanghai). */
function expiringCoupons(deps: Pick<Deps, 'db'>, now: Date, days: number) {
  const until = endOfBusinessDay(addDays(businessDay(now), days))
  return couponModel(deps.db)
    .find({ status: 'issued', expiresAt: { $gt: now, $lte: until } })
    .sort({ expiresAt: 1 })
    .lean<CouponDoc[]>()
}

/** Members we may message: joined through a channel and not opted out. */
async function reachableMembers(deps: Pick<Deps, 'db'>, ids: Types.ObjectId[]) {
  const docs = await memberModel(deps.db).find({ _id: { $in: ids }, status: 'active', optedOut: false }).lean<MemberDoc[]>()
  return new Map(docs.map((doc) => [String(doc._id), doc]))
}

function groupByMember(coupons: CouponDoc[]) {
  const groups = new Map<string, CouponDoc[]>()
  for (const coupon of coupons) groups.set(String(coupon.memberId), [...(groups.get(String(coupon.memberId)) ?? []), coupon])
  return groups
}

export async function couponsExpiringSoon(deps: Pick<Deps, 'db'>, now: Date, days = 3): Promise<Array<{ member: MemberView; coupons: CouponView[] }>> {
  const coupons = await expiringCoupons(deps, now, days)
  const members = await reachableMembers(deps, coupons.map((coupon) => coupon.memberId))
  const balances = await memberBalances(deps, [...members.values()].map((member) => member._id))
  return [...groupByMember(coupons)].flatMap(([memberId, own]) => {
    const member = members.get(memberId)
    return member ? [{ member: toMemberView(member, balances.get(memberId) ?? 0), coupons: own.map((coupon) => toCouponView(coupon, now)) }] : []
  })
}

/**
 * The expiry reminders to send now, one per coupon ever: each coupon is claimed by inserting its
 * reminder row (unique per coupon) before it is handed out, so a rerun or a second instance never
 * gets it again (a send that then fails is not retried: never twice beats at least once here).
 */
export async function claimExpiryReminders(deps: Pick<Deps, 'db'>, now: Date, days = 3): Promise<Array<CareMessage & { coupons: CouponView[] }>> {
  const coupons = await expiringCoupons(deps, now, days)
  const reminded = await couponReminderModel(deps.db).find({ _id: { $in: coupons.map((c) => c._id) } }, { _id: 1 }).lean<Array<{ _id: Types.ObjectId }>>()
  const remindedIds = new Set(reminded.map((row) => String(row._id)))
  const members = await reachableMembers(deps, coupons.map((coupon) => coupon.memberId))
  const claimed: CouponDoc[] = []
  for (const coupon of coupons) {
    if (remindedIds.has(String(coupon._id)) || !members.has(String(coupon.memberId))) continue
    try {
      await couponReminderModel(deps.db).create({ _id: coupon._id, memberId: coupon.memberId, at: now })
      claimed.push(coupon)
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err // claimed by another run
    }
  }
  return [...groupByMember(claimed)].map(([memberId, own]) => {
    const views = own.map((coupon) => toCouponView(coupon, now))
    return { memberId, coupons: views, text: couponExpiryReminder(views), keyPrefix: `coupon-expiry:${memberId}:${businessDay(now)}` }
  })
}
