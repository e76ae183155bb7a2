import { BUSINESS_TIME_ZONE } from '../../platform/clock.ts'
import type { CouponView } from './schemas.ts'

type CouponLike = Pick<CouponView, 'code' | 'amount' | 'threshold' | 'productScope' | 'expiresAt' | 'status'>

const chineseDateFormat = new Intl.DateTimeFormat('zh-CN', { timeZone: BUSINESS_TIME_ZONE, year: 'numeric', month: 'long', day: 'numeric' })

/** 2026-12-23T15:59:59.999Z → 2026年12月23日 (the day in Asia/Shanghai). */
export function chineseDate(at: string | Date): string {
  return chineseDateFormat.format(new Date(at))
}

const yuan = (amount: number) => amount.toLocaleString('en-US', { maximumFractionDigits: 2 })

/** 框架眼镜满500减50元 */
export function couponOffer(coupon: Pick<CouponLike, 'amount' | 'threshold' | 'productScope'>): string {
  return coupon.threshold > 0
    ? `${coupon.productScope}满${yuan(coupon.threshold)}减${yuan(coupon.amount)}元`
    : `${coupon.productScope}立减${yuan(coupon.amount)}元`
}

const howToUse = (coupon: CouponLike) =>
  coupon.threshold > 0
    ? `到店结账时向工作人员出示券码即可抵扣（${coupon.productScope}单笔满${yuan(coupon.threshold)}元可用）`
    : '到店结账时向工作人员出示券码即可抵扣'

/** The first message to a new contact (关注有礼): who we are, how to reach us, what the bot can do, and the gift. */
export function welcomeMessage(clinic: { name: string; phone: string; hours: string }, coupon: CouponLike | null): string {
  const lines = [
    `您好，欢迎添加${clinic.name}客服！很高兴认识您，今后有任何健康上的疑问，我们都会用心陪伴。`,
    '在这里，您可以随时：查询优惠券和积分、预约就诊、查询检查报告、提出投诉与建议；需要人工服务时，回复“转人工”即可。',
    `门诊电话：${clinic.phone}（服务时间：${clinic.hours}）。`,
  ]
  return [...lines, ...welcomeGiftLines(coupon)].join('\n')
}

/** The 关注有礼 part of a welcome: the coupon, its code, how to use it and its last day (nothing once it is not usable). */
export function welcomeGiftLines(coupon: CouponLike | null): string[] {
  if (coupon?.status !== 'issued') return []
  return ['', `🎁 关注有礼：送您一张「${couponOffer(coupon)}」优惠券`, `券码：${coupon.code}`, `使用方法：${howToUse(coupon)}`, `有效期至：${chineseDate(coupon.expiresAt)}`]
}

const couponLine = (coupon: CouponLike, index: number) =>
  `${index + 1}. ${couponOffer(coupon)}券，券码 ${coupon.code}，有效期至${chineseDate(coupon.expiresAt)}`

/** The bot's answer to coupon_query. */
export function couponListReply(coupons: readonly CouponLike[]): string {
  const usable = coupons.filter((coupon) => coupon.status === 'issued')
  if (usable.length) {
    return [
      `您目前有 ${usable.length} 张可用的优惠券：`,
      ...usable.map(couponLine),
      '使用方法：到店结账时向工作人员出示券码即可抵扣。还有其他想了解的，随时问我哦~',
    ].join('\n')
  }
  if (coupons.length) {
    return '您目前没有可用的优惠券，之前的券已经使用或过期啦。我们会不定期推出会员福利，有新的优惠会第一时间告诉您~'
  }
  return '您目前还没有优惠券哦。我们会不定期推出会员福利，有新的优惠会第一时间告诉您；如有其他需要，随时在这里留言，我们都在。'
}

/** Sent once per coupon, a few days before it expires. */
export function couponExpiryReminder(coupons: readonly CouponLike[]): string {
  const lines = coupons.map((coupon) => `· ${couponOffer(coupon)}券（券码 ${coupon.code}），${chineseDate(coupon.expiresAt)}到期`)
  return [
    coupons.length > 1 ? `温馨提醒：您有 ${coupons.length} 张优惠券即将到期，别错过哦~` : '温馨提醒：您有一张优惠券即将到期，别错过哦~',
    ...lines,
    '到店结账时向工作人员出示券码即可使用。如需预约，直接回复“预约”就好。',
  ].join('\n')
}
