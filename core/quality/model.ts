import { Schema, type Types } from 'mongoose'
import { modelOf } from '../../platform/db/model-of.ts'

/**
 * One hand-off: a chat from the moment it is queued for a person (or claimed straight from the
 * bot) until it goes back to the bot. `_id` is `<conversationId>:<start ms>`, the key the
 * conversation carries as `handoffId` while it lasts, so every event finds it by `_id`.
 */
const handoffSchema = new Schema(
  {
    _id: { type: String, required: true },
    conversationId: { type: Schema.Types.ObjectId, required: true },
    memberId: { type: Schema.Types.ObjectId },
    clinicCode: { type: String },
    customerName: { type: String },
    reason: { type: String }, // why it was queued (customer_asked, not_understood, emergency, …); 'claimed' when taken straight from the bot
    emergency: { type: Boolean, default: false },
    queuedAt: { type: Date, required: true },
    claimedAt: { type: Date },
    claimedBy: { type: String },
    firstReplyAt: { type: Date },
    firstReplyBy: { type: String },
    /** Who held the chat and from when: the claim, then each transfer. */
    holders: { type: [{ _id: false, agentId: String, agentName: String, from: Date }], default: [] },
    transfers: { type: Number, default: 0 },
    releasedAt: { type: Date },
    releasedBy: { type: String },
    releasedByName: { type: String },
    ratingAskedAt: { type: Date },
    rating: { type: Number }, // 1–5, the customer's answer to the question asked on release
    ratedAt: { type: Date },
    rev: { type: Number, default: 0 },
  },
  { collection: 'handoffs', versionKey: false, _id: false },
)

export interface HandoffHolder {
  agentId: string
  agentName: string
  from: Date
}

export interface HandoffDoc {
  _id: string
  conversationId: Types.ObjectId
  memberId?: Types.ObjectId | null
  clinicCode?: string | null
  customerName?: string | null
  reason?: string | null
  emergency: boolean
  queuedAt: Date
  claimedAt?: Date | null
  claimedBy?: string | null
  firstReplyAt?: Date | null
  firstReplyBy?: string | null
  holders: HandoffHolder[]
  transfers: number
  releasedAt?: Date | null
  releasedBy?: string | null
  releasedByName?: string | null
  ratingAskedAt?: Date | null
  rating?: number | null
  ratedAt?: Date | null
  rev?: number
}

export const handoffModel = modelOf('Handoff', handoffSchema)
