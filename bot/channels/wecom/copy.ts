import type { ClinicView } from '../../../core/clinics/service.ts'
import { welcomeGiftLines } from '../../../core/coupons/copy.ts'
import type { CouponView } from '../../../core/coupons/schemas.ts'

type WelcomeCoupon = Pick<CouponView, 'code' | 'amount' | 'threshold' | 'productScope' | 'expiresAt' | 'status'>

/**
 * WeCom's own sentences. On 客户联系 the customer chats with a person (the staff member's WeCom
 * client), not with the bot, so the welcome promises a person's answer rather than the bot's menu.
 */
export const wecomCopy = {
  /** Sent with the add-contact event's welcome code (关注有礼). */
  welcome(clinic: Pick<ClinicView, 'name' | 'phone' | 'hours'>, coupon: WelcomeCoupon | null): string {
    return [
      `您好，欢迎添加${clinic.name}客服！今后有任何健康上的疑问，直接在这里给我们留言，客服同事会尽快回复您。`,
      `门诊电话：${clinic.phone}（服务时间：${clinic.hours}）。`,
      ...welcomeGiftLines(coupon),
    ].join('\n')
  },
  /** Staff-facing notes in the conversation history. */
  notes: {
    removedByCustomer: '（系统）客户已删除客服企业微信，之后无法再给该客户发消息。',
    removedByStaff: '（系统）客服已将该客户从企业微信联系人中删除。',
    servicerTookOver: (servicer: string | null) => (servicer ? `（系统）已转交微信客服接待人员 ${servicer}，请在企业微信中回复客户。` : '（系统）已放入微信客服待接入池，等待接待人员接入。'),
    sessionEnded: '（系统）微信客服会话已结束。',
  },
}
