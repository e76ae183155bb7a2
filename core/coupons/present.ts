import { fenToYuan } from '../members/money.ts'
import { formatCouponCode } from './code.ts'
import type { CampaignDoc, CouponDoc, CouponStatus } from './model.ts'
import type { CampaignView, CouponView } from './schemas.ts'

const iso = (at: Date | null | undefined) => (at ? new Date(at).toISOString() : null)

/** An issued coupon past its expiry reads as expired even before the nightly job marks it. */
export function effectiveStatus(doc: Pick<CouponDoc, 'status' | 'expiresAt'>, now: Date): CouponStatus {
  return doc.status === 'issued' && doc.expiresAt.getTime() <= now.getTime() ? 'expired' : doc.status
}

export function toCouponView(doc: CouponDoc, now: Date): CouponView {
  return {
    id: String(doc._id),
    code: formatCouponCode(doc.code),
    memberId: String(doc.memberId),
    campaignId: String(doc.campaignId),
    campaign: doc.campaignName,
    productScope: doc.productScope,
    amount: fenToYuan(doc.amountFen),
    threshold: fenToYuan(doc.thresholdFen),
    status: effectiveStatus(doc, now),
    issuedAt: doc.issuedAt.toISOString(),
    expiresAt: doc.expiresAt.toISOString(),
    redeemedAt: iso(doc.redeemedAt),
    redeemedBy: doc.redeemedBy ?? null,
    orderAmount: doc.orderAmountFen == null ? null : fenToYuan(doc.orderAmountFen),
    voidedAt: iso(doc.voidedAt),
  }
}

/** `issued`: the campaign's coupons so far (counted, not kept as a counter: $inc is not atomic on FerretDB). */
export function toCampaignView(doc: CampaignDoc, issued: number): CampaignView {
  return {
    id: String(doc._id),
    key: doc.key ?? null,
    name: doc.name,
    trigger: doc.trigger,
    amount: fenToYuan(doc.amountFen),
    threshold: fenToYuan(doc.thresholdFen),
    productScope: doc.productScope,
    validityDays: doc.validityDays ?? null,
    endsAt: iso(doc.endsAt),
    quantity: doc.quantity ?? null,
    issued,
    remaining: doc.quantity == null ? null : Math.max(0, doc.quantity - issued),
    activeFrom: iso(doc.activeFrom),
    activeTo: iso(doc.activeTo),
    active: doc.active,
    createdAt: doc.createdAt.toISOString(),
  }
}
