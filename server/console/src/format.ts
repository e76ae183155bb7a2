/** How the console shows times, money and the API's codes (business time zone: Asia/Shanghai). */
const TZ = 'Asia/Shanghai'

const dateTime = new Intl.DateTimeFormat('zh-CN', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false })
const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' })
const timeOnly = new Intl.DateTimeFormat('zh-CN', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hour12: false })

/** 2025/05/03 14:20 */
export const formatDateTime = (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : '—')
/** 14:20 */
export const formatTime = (iso: string) => timeOnly.format(new Date(iso))
/** 14:20 today, else 05/03 14:20 */
export function formatWhen(iso: string | null | undefined): string {
  if (!iso) return '—'
  const at = new Date(iso)
  return businessDay(at) === businessDay(new Date()) ? timeOnly.format(at) : formatDateTime(iso).slice(5)
}
/** YYYY-MM-DD in the business time zone. */
export const businessDay = (at: Date) => dayFormat.format(at)
export const formatDay = (iso: string | null | undefined) => (iso ? businessDay(new Date(iso)) : '—')

export function waitedFor(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return ''
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000))
  if (minutes < 1) return '刚刚'
  if (minutes < 60) return `${minutes} 分钟`
  const hours = Math.floor(minutes / 60)
  return hours < 24 ? `${hours} 小时 ${minutes % 60} 分` : `${Math.floor(hours / 24)} 天`
}

export const yuan = (amount: number | null | undefined) => (amount === null || amount === undefined ? '—' : `¥${amount.toLocaleString('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: 2 })}`)

export const TIER_THEME: Record<string, 'danger' | 'warning' | 'primary' | 'default'> = { A: 'danger', B: 'warning', C: 'primary', D: 'default' }
export const TIER_NAMES: Record<string, string> = { A: 'VIP会员', B: '金卡会员', C: '银卡会员', D: '普通会员' }

export const CATEGORY_LABELS: Record<string, string> = { child: '儿童', adult: '成人', elderly: '老年', diabetic: '糖尿病' }

export const REASON_LABELS: Record<string, string> = {
  emergency: '紧急情况',
  angry: '顾客情绪激动',
  complaint: '投诉',
  customer_asked: '顾客要求人工',
  report_query: '查询报告',
  not_understood: '机器人未理解',
  bot_error: '机器人处理出错',
  media_image: '发来图片',
  media_voice: '发来语音',
  media_file: '发来文件',
  media_video: '发来视频',
  media_other: '发来其他消息',
}
export const reasonLabel = (reason: string | null | undefined) => (reason ? (REASON_LABELS[reason] ?? reason) : '—')

export const CONVERSATION_STATUS_LABELS: Record<string, string> = { bot: '机器人接待', escalated: '待接入', agent: '人工处理中', closed: '已结束' }

export const COUPON_STATUS: Record<string, { label: string; theme: 'success' | 'default' | 'warning' | 'danger' }> = {
  issued: { label: '可使用', theme: 'success' },
  redeemed: { label: '已核销', theme: 'default' },
  expired: { label: '已过期', theme: 'warning' },
  void: { label: '已作废', theme: 'danger' },
}

export const VISIT_TYPE_LABELS: Record<string, string> = { no_spend: '到诊未消费', non_surgical: '非手术消费', surgical: '手术消费' }
export const LEDGER_KIND_LABELS: Record<string, string> = { earn: '消费积分', adjust: '人工调整', spend: '兑换礼品', expire: '积分过期' }
export const REGION_LABELS: Record<string, string> = { local: '京内', remote: '京外' }

export const JOB_LABELS: Record<string, string> = {
  'surveys.invite': '满意度调查邀请',
  'surveys.expire': '调查过期处理',
  'surveys.weekly-report': '满意度周报',
  'complaints.deadline-alerts': '投诉超时提醒',
  'coupons.expire': '优惠券过期处理',
  'members.recompute-tiers': '会员等级重算',
  'care.daily': '会员关怀（每日）',
  'care.friday': '周五问候',
  'broadcasts.dispatch': '群发派送',
  'complaints.return-visits': '投诉回访',
  'platform.prune': '过期数据清理',
  'surveys.resume': '调查续问',
  'coupons.expiry-reminders': '优惠券到期提醒',
  'members.tier-congratulations': '会员升级祝贺',
  'wecom.mass-tasks': '企业微信群发任务',
  'wecom.prune': '企业微信数据清理',
}
