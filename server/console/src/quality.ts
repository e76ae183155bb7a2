/** Service quality (服务质量): the API's shapes and the words staff read. */
import type { Role } from './roles.ts'

export interface KpiFigures {
  chats: number
  firstResponse: { answered: number; p50Seconds: number | null; p90Seconds: number | null; within1m: number | null; within3m: number | null; within10m: number | null }
  handling: { count: number; averageSeconds: number | null; totalSeconds: number }
  transfers: number
  released: number
  complaints: number
  rating: { count: number; average: number | null }
  review: { count: number; averagePercent: number | null }
}
export interface KpiReport {
  from: string
  to: string
  items: Array<KpiFigures & { agentId: string; agentName: string }>
  clinics: Array<KpiFigures & { clinicCode: string | null }>
  daily: Array<{ day: string; answered: number; p50Seconds: number | null; p90Seconds: number | null }>
}
export const CHECKLIST = [
  ['greeting', '问候与身份'],
  ['empathy', '共情'],
  ['accuracy', '信息准确'],
  ['solved', '问题解决'],
  ['privacy', '隐私保护'],
  ['closing', '结束语'],
] as const
export type ChecklistItem = (typeof CHECKLIST)[number][0]
export interface Review {
  id: string
  agentName: string | null
  clinicCode: string | null
  customerName: string | null
  reasons: string[]
  releasedAt: string
  rating: number | null
  status: 'queued' | 'scored'
  scores: Record<ChecklistItem, number> | null
  total: number | null
  percent: number | null
  comment: string | null
  reviewerName: string | null
  reply: { text: string; at: string } | null
  messages?: Array<{ from: string; text: string; agentName: string | null; at: string }>
}
export const REVIEW_REASON_LABELS: Record<string, string> = { sample: '抽样', low_rating: '低评分', complaint: '引发投诉' }
export const REVIEWER_ROLES: readonly Role[] = ['supervisor', 'qa']
export const TOPIC_ROLES: readonly Role[] = ['supervisor', 'director', 'qa', 'admin']
export const TOPIC_EDITOR_ROLES: readonly Role[] = ['supervisor', 'admin']

export const minutes = (seconds: number | null) => (seconds === null ? '—' : `${(seconds / 60).toFixed(1)} 分钟`)
export const pct = (fraction: number | null) => (fraction === null ? '—' : `${Math.round(fraction * 1000) / 10}%`)
