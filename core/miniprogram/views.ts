import { maskPhone } from '../../platform/privacy.ts'
import { APPOINTMENT_STATUS_LABELS } from '../appointments/labels.ts'
import type { AppointmentRequestDoc } from '../appointments/model.ts'
import type { ClinicView } from '../clinics/service.ts'
import type { CustomerCaseStatus } from '../complaints/views.ts'
import type { CouponView } from '../coupons/schemas.ts'
import { TIER_BENEFITS, TIER_NAMES } from '../members/copy.ts'
import type { MemberDoc } from '../members/model.ts'

/** What the member sees of themselves and their data in the mini program: never staff notes, tags or internal ids of others. */

export type MpClinic = Omit<ClinicView, 'region'>

export function presentMpClinic({ region: _region, ...clinic }: ClinicView): MpClinic {
  return clinic
}

export function presentMpMember(doc: MemberDoc, points: number, clinic: MpClinic | null) {
  return {
    id: String(doc._id),
    name: doc.name ?? '',
    phoneMasked: doc.phone ? maskPhone(doc.phone) : null,
    tier: doc.tier,
    tierName: TIER_NAMES[doc.tier],
    benefits: [...TIER_BENEFITS[doc.tier]],
    points,
    optedOut: Boolean(doc.optedOut),
    joinedAt: doc.joinedAt ? doc.joinedAt.toISOString() : null,
    clinic,
  }
}
export type MpMember = ReturnType<typeof presentMpMember>

/** usable / used / expired: the three tabs of 我的优惠券 (a voided coupon shows as expired). */
export type MpCouponStatus = 'usable' | 'used' | 'expired'

export function presentMpCoupon(coupon: CouponView) {
  const status: MpCouponStatus = coupon.status === 'issued' ? 'usable' : coupon.status === 'redeemed' ? 'used' : 'expired'
  return {
    code: coupon.code,
    name: coupon.campaign,
    amount: coupon.amount,
    threshold: coupon.threshold,
    productScope: coupon.productScope ?? null,
    status,
    issuedAt: coupon.issuedAt,
    expiresAt: coupon.expiresAt,
    redeemedAt: coupon.redeemedAt,
  }
}

export function presentMpAppointment(doc: AppointmentRequestDoc, clinicName: string) {
  return {
    id: String(doc._id),
    clinicCode: doc.clinicCode,
    clinicName,
    day: doc.day,
    time: doc.time ?? null,
    partOfDay: doc.partOfDay ?? null,
    at: doc.at?.toISOString() ?? null,
    name: doc.name,
    phoneMasked: maskPhone(doc.phone),
    status: doc.status,
    statusText: APPOINTMENT_STATUS_LABELS[doc.status],
    cancellable: doc.status !== 'cancelled',
    createdAt: doc.createdAt.toISOString(),
  }
}

export function presentMpCase(status: CustomerCaseStatus, extra: { clinicName: string; description: string; photoCount: number }) {
  return { ...status, ...extra }
}
