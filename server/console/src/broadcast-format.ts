/** How the console shows broadcasts: statuses, routes, reasons, audiences and send times, in Chinese. */
import { CATEGORY_LABELS, TIER_NAMES, formatDateTime } from './format.ts'
import type { Audience, Broadcast, BroadcastStatus } from './types.ts'

type Theme = 'default' | 'primary' | 'success' | 'warning' | 'danger'

export const BROADCAST_STATUS: Record<BroadcastStatus, { label: string; theme: Theme }> = {
  draft: { label: '草稿', theme: 'default' },
  awaiting_approval: { label: '待审批', theme: 'warning' },
  scheduled: { label: '已安排', theme: 'primary' },
  running: { label: '发送中', theme: 'primary' },
  paused: { label: '已暂停', theme: 'warning' },
  completed: { label: '已完成', theme: 'success' },
  cancelled: { label: '已取消', theme: 'default' },
}

/** A delivery row's status (core/broadcasts/model.ts), and what staff should read into it. */
export const DELIVERY_STATUS: Record<string, { label: string; theme: Theme }> = {
  planned: { label: '待排队', theme: 'default' },
  queued: { label: '排队中', theme: 'primary' },
  sending: { label: '发送中', theme: 'primary' },
  paused: { label: '已暂停', theme: 'warning' },
  sent: { label: '已送达', theme: 'success' },
  failed: { label: '发送失败', theme: 'danger' },
  uncertain: { label: '待核实', theme: 'warning' },
  skipped: { label: '已跳过', theme: 'default' },
  cancelled: { label: '已取消', theme: 'default' },
  mass_task: { label: '待员工确认', theme: 'primary' },
}
export const deliveryStatus = (status: string) => DELIVERY_STATUS[status] ?? { label: status, theme: 'default' as const }

export const ROUTE_LABELS: Record<string, string> = { send: '直接发送', mass_task: '企业微信群发任务', skip: '不发送' }

export const CHANNEL_LABELS: Record<string, string> = { wechaty: '微信', wecom: '企业微信（客户联系）', kf: '微信客服', none: '无会话' }
export const channelLabel = (channel: string | null | undefined) => (channel ? (CHANNEL_LABELS[channel] ?? channel) : '—')

/** Why a member is not sent to (planning and the channels' answers); other reasons are the channel's own error text. */
export const SKIP_REASON_LABELS: Record<string, string> = {
  no_conversation: '没有会话（未添加客服）',
  no_open_window: '微信客服 48 小时窗口已过',
  channel_cannot_send: '该渠道不能主动发消息',
  opted_out: '已退订',
  not_friend: '已不是客服好友',
  cap_reached: '已达企业微信群发次数上限',
  mass_task_failed: '群发任务失败',
  broadcast_cancelled: '群发已取消',
  unknown: '其他原因',
}
export const skipReason = (reason: string | null | undefined) => (reason ? (SKIP_REASON_LABELS[reason] ?? reason) : '—')

/** The placeholders a broadcast's text may use (core/broadcasts/copy.ts), filled per member. */
export const BROADCAST_PLACEHOLDERS = [
  { key: 'name', label: '会员称呼', example: '会员姓名（没有姓名时为“您”）' },
  { key: 'tier', label: '会员等级', example: '会员等级（如 VIP会员、金卡会员）' },
  { key: 'clinic', label: '所属机构', example: '会员所属机构的名称' },
] as const

/** `{{x}}` placeholders of `text` that are not allowed: a typo would otherwise reach customers as "{{nmae}}". */
export function unknownPlaceholders(text: string, allowed: readonly string[]): string[] {
  const used = [...text.matchAll(/\{\{\s*([a-zA-Z]+)\s*\}\}/g)].map((m) => m[1])
  return [...new Set(used.filter((name) => !allowed.includes(name)))]
}

export const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const

/** 全部会员, or each segment in words: 等级 VIP会员、金卡会员；标签 术后复查 */
export function audienceText(audience: Audience, clinicNames: Record<string, string> = {}): string {
  const parts: string[] = []
  if (audience.tiers?.length) parts.push(`等级：${audience.tiers.map((t) => TIER_NAMES[t] ?? t).join('、')}`)
  if (audience.categories?.length) parts.push(`类别：${audience.categories.map((c) => CATEGORY_LABELS[c] ?? c).join('、')}`)
  if (audience.clinicCodes?.length) parts.push(`机构：${audience.clinicCodes.map((c) => clinicNames[c] ?? c).join('、')}`)
  if (audience.tags?.length) parts.push(`标签：${audience.tags.join('、')}`)
  if (audience.birthdayToday) parts.push('当天生日')
  return parts.length ? parts.join('；') : '全部会员'
}

/** When it goes out: 每周一 09:00, a date and time, or at once. */
export function scheduleText(broadcast: Pick<Broadcast, 'sendAt' | 'recurrence'>): string {
  if (broadcast.recurrence) return `每${WEEKDAYS[broadcast.recurrence.weekday]} ${broadcast.recurrence.time}${broadcast.sendAt ? `（${formatDateTime(broadcast.sendAt)} 起）` : ''}`
  return broadcast.sendAt ? formatDateTime(broadcast.sendAt) : '安排后立即发送'
}

/** Statuses whose figures move on their own, so a page showing them polls. */
export const LIVE_STATUSES: readonly BroadcastStatus[] = ['scheduled', 'running', 'awaiting_approval']
