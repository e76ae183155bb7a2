import { Schema, type Types } from 'mongoose'
import { modelOf } from '../../platform/db/model-of.ts'

/** The checklist a reviewer scores, 0–2 each (seed 001's 质检). */
export const CHECKLIST = ['greeting', 'empathy', 'accuracy', 'solved', 'privacy', 'closing'] as const
export type ChecklistItem = (typeof CHECKLIST)[number]
export const MAX_SCORE = CHECKLIST.length * 2

export const REVIEW_REASONS = ['sample', 'low_rating', 'complaint'] as const
export type ReviewReason = (typeof REVIEW_REASONS)[number]

/** A handled chat queued for review; `_id` is its hand-off's, so no chat is queued twice. */
const reviewSchema = new Schema(
  {
    _id: { type: String, required: true },
    week: { type: String, required: true }, // the Monday of the week sampled
    conversationId: { type: Schema.Types.ObjectId, required: true },
    agentId: { type: String, required: true },
    agentName: { type: String },
    clinicCode: { type: String },
    customerName: { type: String },
    reasons: { type: [String], default: [] },
    queuedAt: { type: Date, required: true },
    releasedAt: { type: Date, required: true },
    rating: { type: Number },
    status: { type: String, enum: ['queued', 'scored'], default: 'queued' },
    scores: { type: Schema.Types.Mixed },
    total: { type: Number },
    percent: { type: Number },
    comment: { type: String },
    reviewerId: { type: String },
    reviewerName: { type: String },
    scoredAt: { type: Date },
    reply: { text: { type: String }, at: { type: Date } },
    rev: { type: Number, default: 0 },
  },
  { collection: 'quality_reviews', versionKey: false, _id: false },
)

/** One per week and agent, written after that agent's sample: a second run of the job adds nothing. */
const sampleMarkSchema = new Schema({ _id: { type: String, required: true }, at: { type: Date, required: true }, drawn: { type: Number } }, { collection: 'quality_review_samples', versionKey: false, _id: false })

export interface ReviewDoc {
  _id: string
  week: string
  conversationId: Types.ObjectId
  agentId: string
  agentName?: string | null
  clinicCode?: string | null
  customerName?: string | null
  reasons: ReviewReason[]
  queuedAt: Date
  releasedAt: Date
  rating?: number | null
  status: 'queued' | 'scored'
  scores?: Record<ChecklistItem, number> | null
  total?: number | null
  percent?: number | null
  comment?: string | null
  reviewerId?: string | null
  reviewerName?: string | null
  scoredAt?: Date | null
  reply?: { text?: string | null; at?: Date | null } | null
  rev?: number
}

export const reviewModel = modelOf('QualityReview', reviewSchema)

export const sampleMarkModel = modelOf('QualityReviewSample', sampleMarkSchema)
