import { z } from 'zod'

const seconds = z.number().nullable()
const fraction = z.number().nullable()
const figures = {
  chats: z.number(),
  firstResponse: z.object({ answered: z.number(), p50Seconds: seconds, p90Seconds: seconds, within1m: fraction, within3m: fraction, within10m: fraction }),
  handling: z.object({ count: z.number(), averageSeconds: seconds, totalSeconds: z.number() }),
  transfers: z.number(),
  released: z.number(),
  complaints: z.number(),
  rating: z.object({ count: z.number(), average: z.number().nullable() }),
  review: z.object({ count: z.number(), averagePercent: z.number().nullable() }),
}

export const kpiReportView = z.object({
  from: z.string(),
  to: z.string(),
  items: z.array(z.object({ agentId: z.string(), agentName: z.string(), ...figures })),
  total: z.number(),
  clinics: z.array(z.object({ clinicCode: z.string().nullable(), ...figures })),
  daily: z.array(z.object({ day: z.string(), answered: z.number(), p50Seconds: seconds, p90Seconds: seconds })),
})

const checklist = z.object({
  greeting: z.number().int().min(0).max(2),
  empathy: z.number().int().min(0).max(2),
  accuracy: z.number().int().min(0).max(2),
  solved: z.number().int().min(0).max(2),
  privacy: z.number().int().min(0).max(2),
  closing: z.number().int().min(0).max(2),
})

export const scoreBody = z.object({ scores: checklist, comment: z.string().trim().max(2000).default('') })
export const replyBody = z.object({ text: z.string().trim().min(1).max(2000) })

export const reviewView = z.object({
  id: z.string(),
  week: z.string(),
  conversationId: z.string(),
  agentId: z.string(),
  agentName: z.string().nullable(),
  clinicCode: z.string().nullable(),
  customerName: z.string().nullable(),
  reasons: z.array(z.string()),
  queuedAt: z.string(),
  releasedAt: z.string(),
  rating: z.number().nullable(),
  status: z.enum(['queued', 'scored']),
  scores: checklist.nullable(),
  total: z.number().nullable(),
  percent: z.number().nullable(),
  comment: z.string().nullable(),
  reviewerName: z.string().nullable(),
  scoredAt: z.string().nullable(),
  reply: z.object({ text: z.string(), at: z.string() }).nullable(),
})

export const reviewWithChat = reviewView.extend({
  messages: z.array(z.object({ from: z.string(), type: z.string(), text: z.string(), agentName: z.string().nullable(), at: z.string() })),
})

export const topicsView = z.object({
  week: z.string(),
  messages: z.number(),
  conversations: z.number(),
  notUnderstood: z.number(),
  misunderstandingRate: z.number().nullable(),
  intents: z.array(z.object({ intent: z.string(), count: z.number(), previous: z.number() })),
  handoffs: z.object({ total: z.number(), rate: z.number().nullable(), byReason: z.array(z.object({ reason: z.string(), count: z.number(), rate: z.number().nullable() })) }),
  groups: z.array(z.object({ label: z.string(), count: z.number(), examples: z.array(z.string()) })),
})

export const suggestionView = z.object({ id: z.string(), kind: z.enum(['quick_reply', 'intent_example']), text: z.string(), answer: z.string().nullable(), intent: z.string().nullable(), createdByName: z.string().nullable(), createdAt: z.string() })
