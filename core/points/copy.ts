import { TIER_BENEFITS, TIER_NAMES } from '../members/copy.ts'
import type { Tier } from '../members/model.ts'
import { POINTS_PER_YUAN } from './rules.ts'

/** Ledger reasons the member may see in their points history. */
export const LEDGER_REASONS = {
  visit: '到院消费累积积分',
  gift: (giftName: string) => `兑换礼品：${giftName}`,
  mergedIn: '合并到院消费记录积分',
  mergedOut: '积分已合并至会员账户',
}

/** The bot's answer to points_query. */
export function pointsReply(summary: { balance: number; tier: Tier }): string {
  const tierName = TIER_NAMES[summary.tier]
  return [
    summary.balance > 0
      ? `您当前共有 ${summary.balance} 积分，会员等级为「${tierName}」。`
      : `您目前还没有积分哦，会员等级为「${tierName}」。到院消费后积分会自动累积~`,
    `${tierName}可享：${TIER_BENEFITS[summary.tier].join('、')}。`,
    `每消费 1 元累积 ${POINTS_PER_YUAN} 积分，积分可兑换精选礼品，到店时告诉工作人员即可兑换。`,
  ].join('\n')
}
