import type { Deps } from '../../platform/deps.ts'
import { conflict, gone, isDuplicateKeyError, notFound, ruleNotMet, type AppError } from '../../platform/errors.ts'
import { formatYuan } from '../members/money.ts'
import { normalizeCouponCode } from './code.ts'
import { couponModel, couponSettlementModel, type CouponDoc, type CouponSettlementDoc } from './model.ts'
import { effectiveStatus, toCouponView } from './present.ts'
import type { CouponView } from './schemas.ts'

const unknownCode = () => notFound('coupon_not_found', 'No coupon has this code.')

async function findByCode(deps: Pick<Deps, 'db'>, rawCode: string): Promise<CouponDoc> {
  const code = normalizeCouponCode(rawCode)
  const coupon = code && (await couponModel(deps.db).findOne({ code }).lean<CouponDoc>())
  if (!coupon) throw unknownCode()
  return coupon
}

function settledError(settlement: Pick<CouponSettlementDoc, 'outcome' | 'at'>): AppError {
  return settlement.outcome === 'redeemed'
    ? conflict('coupon_already_redeemed', `This coupon was already redeemed at ${settlement.at.toISOString()}.`)
    : gone('coupon_void', 'This coupon has been voided.')
}

/** The coupon's status follows its settlement row (written right after it, or healed here if that write was lost). */
async function applySettlement(deps: Pick<Deps, 'db'>, coupon: CouponDoc, s: CouponSettlementDoc): Promise<CouponDoc> {
  const fields =
    s.outcome === 'redeemed'
      ? { status: 'redeemed' as const, redeemedAt: s.at, redeemedBy: s.by, orderAmountFen: s.orderAmountFen }
      : { status: 'void' as const, voidedAt: s.at, voidedBy: s.by, voidReason: s.reason }
  await couponModel(deps.db).updateOne({ _id: coupon._id }, { $set: fields })
  return { ...coupon, ...fields }
}

/** Inserts the settlement; null when another one got there first (after healing the coupon's status from it). */
async function settle(deps: Pick<Deps, 'db'>, coupon: CouponDoc, settlement: CouponSettlementDoc): Promise<CouponDoc | CouponSettlementDoc> {
  try {
    await couponSettlementModel(deps.db).create(settlement)
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
    const winner = (await couponSettlementModel(deps.db).findById(coupon._id).lean<CouponSettlementDoc>())!
    if (coupon.status === 'issued') await applySettlement(deps, coupon, winner)
    return winner
  }
  return applySettlement(deps, coupon, settlement)
}

const isSettlement = (value: CouponDoc | CouponSettlementDoc): value is CouponSettlementDoc => 'outcome' in value

/**
 * Redeems at the counter: checks the coupon (404 unknown, 409 redeemed, 410 expired or void,
 * 422 below the threshold), then the settlement row's unique insert decides between concurrent
 * redemptions of one code: one 200, the others 409.
 */
export async function redeemCoupon(deps: Pick<Deps, 'db' | 'clock'>, rawCode: string, order: { orderAmountFen: number; staffId: string }): Promise<CouponView> {
  const now = deps.clock.now()
  const coupon = await findByCode(deps, rawCode)
  const status = effectiveStatus(coupon, now)
  if (status === 'redeemed') throw conflict('coupon_already_redeemed', `This coupon was already redeemed at ${coupon.redeemedAt?.toISOString()}.`)
  if (status === 'void') throw gone('coupon_void', 'This coupon has been voided.')
  if (status === 'expired') throw gone('coupon_expired', `This coupon expired at ${coupon.expiresAt.toISOString()}.`)
  if (order.orderAmountFen < coupon.thresholdFen) {
    throw ruleNotMet('order_below_threshold', `This coupon needs an order of at least ${formatYuan(coupon.thresholdFen)} yuan.`, { threshold: coupon.thresholdFen / 100 })
  }
  const result = await settle(deps, coupon, { _id: coupon._id, outcome: 'redeemed', at: now, by: order.staffId, orderAmountFen: order.orderAmountFen, reason: null })
  if (isSettlement(result)) throw settledError(result)
  return toCouponView(result, now)
}

/** Voids an unused, unexpired coupon; voiding a void coupon again is a no-op. */
export async function voidCoupon(deps: Pick<Deps, 'db' | 'clock'>, rawCode: string, by: { staffId: string; reason?: string }): Promise<CouponView> {
  const now = deps.clock.now()
  const coupon = await findByCode(deps, rawCode)
  const status = effectiveStatus(coupon, now)
  if (status === 'void') return toCouponView(coupon, now)
  if (status === 'redeemed') throw conflict('coupon_already_redeemed', 'A redeemed coupon cannot be voided.')
  if (status === 'expired') throw gone('coupon_expired', 'This coupon has already expired.')
  const result = await settle(deps, coupon, { _id: coupon._id, outcome: 'void', at: now, by: by.staffId, orderAmountFen: null, reason: by.reason ?? null })
  if (isSettlement(result)) {
    if (result.outcome === 'void') return toCouponView(await findByCode(deps, rawCode), now)
    throw conflict('coupon_already_redeemed', 'A redeemed coupon cannot be voided.')
  }
  return toCouponView(result, now)
}

export async function getCouponByCode(deps: Pick<Deps, 'db' | 'clock'>, rawCode: string): Promise<CouponView> {
  return toCouponView(await findByCode(deps, rawCode), deps.clock.now())
}
