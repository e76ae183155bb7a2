import type { Tier } from './model.ts'

/** Domain §2 tier names. */
export const TIER_NAMES: Record<Tier, string> = { A: 'VIP会员', B: '金卡会员', C: '银卡会员', D: '普通会员' }

/** What each tier enjoys; staff deliver them, the bot only tells members about them. */
export const TIER_BENEFITS: Record<Tier, readonly string[]> = {
  A: ['专属客服一对一服务', '预约优先安排，就诊绿色通道', '本人及家人生日关怀礼', '每年一次免费复查与健康咨询', '会员专属活动优先邀请'],
  B: ['专属客服优先响应', '预约优先安排', '生日关怀礼', '会员专属活动邀请'],
  C: ['预约优先安排', '会员专属优惠活动', '积分兑换精选礼品'],
  D: ['积分兑换精选礼品', '节日关怀与健康小贴士', '会员优惠活动'],
}

const greetingName = (name: string | null | undefined) => (name?.trim() ? `${name.trim()}您好` : '您好')

export function tierUpgradeMessage(member: { name?: string | null }, tier: Tier): string {
  return [
    `${greetingName(member.name)}！感谢您一直以来对我们的信任与支持，`,
    `您的会员等级已升级为「${TIER_NAMES[tier]}」🎉`,
    `从今天起，您可以享受：${TIER_BENEFITS[tier].join('、')}。`,
    '有任何需要，随时在这里告诉我们，我们一直都在。',
  ].join('')
}

export function optOutConfirmation(): string {
  return '好的，已为您退订活动和节日消息，之后不会再打扰您。就诊、报告和优惠券等服务仍可随时在这里咨询；如想重新接收，回复“订阅”即可。'
}

export function optInConfirmation(): string {
  return '好的，已为您恢复接收活动和节日关怀消息，感谢您的信任！'
}
