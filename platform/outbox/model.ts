import { Schema, type Connection, type InferSchemaType, type Types } from 'mongoose'
import { keyedObjectId } from '../db/keyed-id.ts'

export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'failed', 'uncertain', 'cancelled'] as const
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number]

/**
 * What may ride with a message's text: one image, or one mini-program card. Text and attachment
 * are one outbox row under one key, sent as one unit by the channel's sender.
 */
export type MessageAttachment =
  | { kind: 'image'; url: string }
  | { kind: 'mini_program'; appId: string; pagePath: string; title: string; thumbUrl: string }

/**
 * Every message the product sends, persisted before sending.
 * queued → sending (a pacing slot taken, the channel call under way) → sent | failed, or back to
 * queued with a back-off. A crash during `sending` leaves `uncertain`, which is never sent again:
 * a duplicate message is worse than a missing one.
 */
const outboxSchema = new Schema(
  {
    key: { type: String, required: true, unique: true }, // idempotency: one message per key, ever
    channel: { type: String, required: true },
    account: { type: String, required: true }, // pacing bucket: one WeChat/WeCom account
    recipient: { type: String, required: true }, // the channel's customer id
    text: { type: String, required: true },
    attachment: { type: Schema.Types.Mixed }, // MessageAttachment, sent after the text
    /** A WeCom app message to staff (recipient: their WeCom account): the text is the card's description. */
    card: { title: { type: String }, url: { type: String } },
    /** The text went out but the attachment did not (channel cannot carry it, upload or send failed): why. Never retried: a second text is worse than a missing picture. */
    attachmentError: { type: String },
    priority: { type: Number, default: 5 }, // 0 conversation replies … 9 bulk marketing
    status: { type: String, enum: OUTBOX_STATUSES, default: 'queued', index: true },
    rev: { type: Number, default: 0 }, // advanced by every status transition (platform/db/atomic.ts)
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    claimedBy: { type: String },
    claimedAt: { type: Date },
    sentAt: { type: Date },
    lastError: { type: String },
    origin: { type: String, required: true }, // reply, welcome, agent, broadcast, care, survey…
    conversationId: { type: Schema.Types.ObjectId },
    memberId: { type: Schema.Types.ObjectId },
    providerMessageId: { type: String },
  },
  { collection: 'outbox', timestamps: true },
)
outboxSchema.index({ status: 1, priority: 1, nextAttemptAt: 1 })

export type OutboxDoc = Omit<InferSchemaType<typeof outboxSchema>, 'attachment'> & { _id: Types.ObjectId; attachment?: MessageAttachment | null }

/** An outbox row's `_id` follows from its idempotency key, so whoever knows the key finds the row by `_id`. */
export const outboxIdFor = (key: string) => keyedObjectId('outbox', key)

export function outboxModel(db: Connection) {
  return db.models.Outbox ?? db.model('Outbox', outboxSchema)
}

/** One row per send slot taken: `${account}:${slot}`. Unique inserts make pacing exact across instances. */
const sendSlotSchema = new Schema({ _id: { type: String, required: true }, at: { type: Date, required: true, index: true } }, { collection: 'outbox_slots', versionKey: false })

export function sendSlotModel(db: Connection) {
  return db.models.OutboxSlot ?? db.model('OutboxSlot', sendSlotSchema)
}
