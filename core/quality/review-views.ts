import { CHECKLIST, type ChecklistItem, type ReviewDoc } from './review-model.ts'

export interface ReviewView {
  id: string
  week: string
  conversationId: string
  agentId: string
  agentName: string | null
  clinicCode: string | null
  customerName: string | null
  reasons: string[]
  queuedAt: string
  releasedAt: string
  rating: number | null
  status: 'queued' | 'scored'
  scores: Record<ChecklistItem, number> | null
  total: number | null
  percent: number | null
  comment: string | null
  reviewerName: string | null
  scoredAt: string | null
  reply: { text: string; at: string } | null
}

export function presentReview(doc: ReviewDoc): ReviewView {
  return {
    id: doc._id,
    week: doc.week,
    conversationId: String(doc.conversationId),
    agentId: doc.agentId,
    agentName: doc.agentName ?? null,
    clinicCode: doc.clinicCode ?? null,
    customerName: doc.customerName ?? null,
    reasons: doc.reasons,
    queuedAt: doc.queuedAt.toISOString(),
    releasedAt: doc.releasedAt.toISOString(),
    rating: doc.rating ?? null,
    status: doc.status,
    scores: doc.scores ? (Object.fromEntries(CHECKLIST.map((item) => [item, doc.scores![item]])) as Record<ChecklistItem, number>) : null,
    total: doc.total ?? null,
    percent: doc.percent ?? null,
    comment: doc.comment ?? null,
    reviewerName: doc.reviewerName ?? null,
    scoredAt: doc.scoredAt?.toISOString() ?? null,
    reply: doc.reply?.text ? { text: doc.reply.text, at: doc.reply.at!.toISOString() } : null,
  }
}
