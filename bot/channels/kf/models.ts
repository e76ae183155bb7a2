import { Schema, type InferSchemaType, type Types } from 'mongoose'
import { modelOf } from '../../../platform/db/model-of.ts'

/**
 * 微信客服 state shared by every instance. As everywhere on FerretDB v1, "once" and "one winner"
 * are inserts against unique keys: the sync cursor advances by inserting the next numbered row,
 * a reply takes one of the window's numbered slots, a hand-off and an event are claimed by _id.
 */

/** sync_msg's next_cursor after each handled page; the newest seq is where the next sync starts. */
const cursorSchema = new Schema(
  {
    openKfId: { type: String, required: true },
    seq: { type: Number, required: true },
    cursor: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'kf_sync_cursors', versionKey: false },
)
cursorSchema.index({ openKfId: 1, seq: 1 }, { unique: true })

export type KfCursorDoc = InferSchemaType<typeof cursorSchema> & { _id: Types.ObjectId }

export const kfCursorModel = modelOf('KfCursor', cursorSchema)

/** Events handled once, by msgid (customer messages are deduplicated by the conversation history instead). */
const seenEventSchema = new Schema({ _id: { type: String, required: true }, at: { type: Date, required: true, index: true } }, { collection: 'kf_seen_events', versionKey: false })

export const kfSeenEventModel = modelOf('KfSeenEvent', seenEventSchema)

/** Each customer message opens a reply window (48 h, 5 replies); the newest one is the current window. */
const windowSchema = new Schema(
  {
    _id: { type: String, required: true }, // the customer message's msgid
    openKfId: { type: String, required: true },
    externalId: { type: String, required: true },
    openedAt: { type: Date, required: true }, // WeCom's send_time: whole seconds
    /** When we saw it, to the millisecond: orders two customer messages sent within one second. */
    seenAt: { type: Date },
  },
  { collection: 'kf_reply_windows', versionKey: false },
)
windowSchema.index({ openKfId: 1, externalId: 1, openedAt: -1, seenAt: -1 })

export interface KfWindowDoc {
  _id: string
  openKfId: string
  externalId: string
  openedAt: Date
  seenAt?: Date
}

export const kfWindowModel = modelOf('KfWindow', windowSchema)

/** A reply sent (or being sent) in a window: `${windowId}:${n}`, n = 1…max. Counting rows, never `$inc`. */
const replySlotSchema = new Schema(
  {
    _id: { type: String, required: true },
    windowId: { type: String, required: true },
    outboxKey: { type: String },
    at: { type: Date, required: true, index: true },
  },
  { collection: 'kf_reply_slots', versionKey: false },
)

export const kfReplySlotModel = modelOf('KfReplySlot', replySlotSchema)

/** One kf/service_state/trans per escalation: `${conversationId}:${episode}`. */
const handoffSchema = new Schema(
  {
    _id: { type: String, required: true },
    conversationId: { type: Schema.Types.ObjectId, required: true, index: true },
    externalId: { type: String, required: true },
    serviceState: { type: Number }, // 3 with a servicer, or 2 (the 待接入池)
    servicerUserId: { type: String },
    status: { type: String, enum: ['pending', 'done', 'failed'], required: true },
    error: { type: String },
    at: { type: Date, required: true },
  },
  { collection: 'kf_handoffs', versionKey: false },
)

export interface KfHandoffDoc {
  _id: string
  conversationId: Types.ObjectId
  externalId: string
  serviceState?: number
  servicerUserId?: string
  status: 'pending' | 'done' | 'failed'
  error?: string
  at: Date
}

export const kfHandoffModel = modelOf('KfHandoff', handoffSchema)

export const kfModels = [kfCursorModel, kfSeenEventModel, kfWindowModel, kfReplySlotModel, kfHandoffModel]
