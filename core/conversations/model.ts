import { Schema, type Connection, type InferSchemaType, type Types } from 'mongoose'

export const CONVERSATION_STATUSES = ['bot', 'escalated', 'agent', 'closed'] as const
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number]

/** One conversation per customer and channel; the customer is identified stably by the channel's id. */
const conversationSchema = new Schema(
  {
    channel: { type: String, required: true },
    externalId: { type: String, required: true },
    account: { type: String, required: true }, // the channel account that talks to this customer (outbox pacing)
    customerName: { type: String },
    memberId: { type: Schema.Types.ObjectId, index: true },
    clinicCode: { type: String },
    status: { type: String, enum: CONVERSATION_STATUSES, default: 'bot', index: true },
    rev: { type: Number, default: 0 }, // advanced by every hand-off transition (platform/db/atomic.ts)
    assignee: { type: Schema.Types.ObjectId }, // the agent holding the chat
    assigneeName: { type: String },
    claimedAt: { type: Date },
    reason: { type: String }, // why it was escalated
    priority: { type: Number, default: 5 }, // 0 emergency … 9 low
    escalatedAt: { type: Date },
    /** The hand-off under way (core/quality/handoffs.ts): set when queued or claimed, cleared on release. */
    handoffId: { type: String },
    /** When the bot last asked this customer to rate a person's help: never twice in 24 hours (core/quality/rating.ts). */
    ratingAskedAt: { type: Date },
    lastMessageAt: { type: Date, index: true },
    lastCustomerMessageAt: { type: Date },
    misunderstandings: { type: Number, default: 0 }, // in a row
    /** Customer messages waiting for the bot's turn, in arrival order (bot/turns.ts handles them one at a time). */
    inbox: { type: [Schema.Types.ObjectId], default: undefined },
    /** Who is handling this conversation's messages now, and until when (wall clock): one turn at a time across instances. */
    turn: {
      owner: { type: String },
      until: { type: Date },
    },
    /** The active multi-turn dialog, so a restart mid-dialog continues where it was. */
    dialog: {
      name: { type: String },
      state: { type: Schema.Types.Mixed },
      expiresAt: { type: Date },
    },
    /** A dialog set aside while another runs (a survey waits while a complaint is taken), resumed after it. */
    suspendedDialog: {
      name: { type: String },
      state: { type: Schema.Types.Mixed },
      expiresAt: { type: Date },
    },
  },
  { collection: 'conversations', timestamps: true },
)
conversationSchema.index({ channel: 1, externalId: 1 }, { unique: true })

const conversationMessageSchema = new Schema(
  {
    conversationId: { type: Schema.Types.ObjectId, required: true, index: true },
    direction: { type: String, enum: ['in', 'out'], required: true },
    from: { type: String, enum: ['customer', 'bot', 'agent', 'system'], required: true },
    type: { type: String, default: 'text' }, // text, image, voice, sticker, file, video, other
    text: { type: String, default: '' },
    intent: { type: String },
    /** Inbound: false when the bot did not understand it (small talk it answered is understood); read by core/quality/topics.ts. */
    understood: { type: Boolean },
    agentId: { type: Schema.Types.ObjectId },
    agentName: { type: String },
    at: { type: Date, required: true },
    /** The channel's message id: a message delivered twice by the platform is stored once. */
    providerMessageId: { type: String, unique: true, sparse: true },
    outboxKey: { type: String, unique: true, sparse: true },
    deliveryStatus: { type: String }, // for outbound: queued, sent, failed, uncertain
    /** For inbound: pending until the bot's turn for it is over; failed when the turn threw (the chat went to a person). */
    handling: { type: String, enum: ['pending', 'handled', 'failed'] },
  },
  { collection: 'conversation_messages', versionKey: false },
)
conversationMessageSchema.index({ conversationId: 1, at: 1 })

export type ConversationDoc = InferSchemaType<typeof conversationSchema> & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date }
export type ConversationMessageDoc = InferSchemaType<typeof conversationMessageSchema> & { _id: Types.ObjectId }

export function conversationModel(db: Connection) {
  return db.models.Conversation ?? db.model('Conversation', conversationSchema)
}

export function conversationMessageModel(db: Connection) {
  return db.models.ConversationMessage ?? db.model('ConversationMessage', conversationMessageSchema)
}
