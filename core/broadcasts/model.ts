import { Schema, type Types } from 'mongoose'
import type { MessageAttachment } from '../../platform/outbox/model.ts'
import type { MemberCategory, Tier } from '../members/model.ts'
import { modelOf } from '../../platform/db/model-of.ts'

/**
 * draft → scheduled | awaiting_approval → scheduled → running → completed (one-off) or back to
 * scheduled (recurring); scheduled/running ⇄ paused; anything unfinished → cancelled.
 * Every status change goes through `transition` (platform/db/atomic.ts): FerretDB's conditional
 * updates are not atomic, so two approvers or two dispatchers could otherwise both "win".
 */
export const BROADCAST_STATUSES = ['draft', 'awaiting_approval', 'scheduled', 'running', 'paused', 'completed', 'cancelled'] as const
export type BroadcastStatus = (typeof BROADCAST_STATUSES)[number]

export interface Audience {
  tiers?: Tier[]
  categories?: MemberCategory[]
  clinicCodes?: string[]
  tags?: string[]
  birthdayToday?: boolean
}

/** Weekly on an ISO weekday (1 Monday … 7 Sunday) at HH:mm, Asia/Shanghai. */
export interface Recurrence {
  weekday: number
  time: string
}

const broadcastSchema = new Schema(
  {
    name: { type: String, required: true },
    text: { type: String, required: true },
    variantB: { type: new Schema({ text: { type: String, required: true } }, { _id: false }), default: null },
    /** An image or a mini-program card sent after the text (MessageAttachment), or null. */
    attachment: { type: Schema.Types.Mixed, default: null },
    audience: { type: Schema.Types.Mixed, default: {} },
    sendAt: { type: Date, default: null },
    recurrence: { type: new Schema({ weekday: Number, time: String }, { _id: false }), default: null },
    status: { type: String, enum: BROADCAST_STATUSES, default: 'draft', index: true },
    rev: { type: Number, default: 0 },
    audienceCount: { type: Number, default: 0 },
    approvalRequired: { type: Boolean, default: false },
    createdBy: { type: String, required: true },
    createdByName: { type: String, default: '' },
    createdAt: { type: Date, required: true },
    scheduledBy: { type: String, default: null },
    scheduledAt: { type: Date, default: null },
    approvedBy: { type: String, default: null },
    approvedAt: { type: Date, default: null },
    /** When the next run starts (scheduled broadcasts only). */
    nextRunAt: { type: Date, default: null },
    /** The run under way, or the last one. */
    currentRunId: { type: String, default: null },
    startedAt: { type: Date, default: null },
    finishedAt: { type: Date, default: null },
    pausedAt: { type: Date, default: null },
    cancelledAt: { type: Date, default: null },
    cancelledBy: { type: String, default: null },
  },
  { collection: 'broadcasts', versionKey: false, minimize: false },
)
broadcastSchema.index({ status: 1, nextRunAt: 1 })
broadcastSchema.index({ createdAt: -1 })

export interface BroadcastDoc {
  _id: Types.ObjectId
  name: string
  text: string
  variantB: { text: string } | null
  attachment: MessageAttachment | null
  audience: Audience
  sendAt: Date | null
  recurrence: Recurrence | null
  status: BroadcastStatus
  rev: number
  audienceCount: number
  approvalRequired: boolean
  createdBy: string
  createdByName: string
  createdAt: Date
  scheduledBy: string | null
  scheduledAt: Date | null
  approvedBy: string | null
  approvedAt: Date | null
  nextRunAt: Date | null
  currentRunId: string | null
  startedAt: Date | null
  finishedAt: Date | null
  pausedAt: Date | null
  cancelledAt: Date | null
  cancelledBy: string | null
}

export const broadcastModel = modelOf('Broadcast', broadcastSchema)

/**
 * One sending of a broadcast (each occurrence of a recurring one) or one day of the care
 * schedule. The _id is a natural key (`b:<broadcastId>:<occurrence>`, `care:<day>`), so two
 * instances starting the same run insert one row. planning → sending → done | cancelled.
 */
export const RUN_STATUSES = ['planning', 'sending', 'done', 'cancelled'] as const
export type RunStatus = (typeof RUN_STATUSES)[number]

const runSchema = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: ['broadcast', 'care'], required: true },
    broadcastId: { type: Schema.Types.ObjectId, default: null },
    /** The business day the run is for (birthdays, care programmes). */
    day: { type: String, required: true },
    occurrenceAt: { type: Date, required: true },
    status: { type: String, enum: RUN_STATUSES, default: 'planning', index: true },
    rev: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
    plannedAt: { type: Date, default: null },
    finishedAt: { type: Date, default: null },
  },
  { collection: 'broadcast_runs', versionKey: false },
)
runSchema.index({ broadcastId: 1, createdAt: -1 })

export interface RunDoc {
  _id: string
  kind: 'broadcast' | 'care'
  broadcastId: Types.ObjectId | null
  day: string
  occurrenceAt: Date
  status: RunStatus
  rev: number
  createdAt: Date
  plannedAt: Date | null
  finishedAt: Date | null
}

export const runModel = modelOf('BroadcastRun', runSchema)

/**
 * One row per recipient of a run (_id `<runId>|<memberId>`: the unique key (runId, memberId)).
 * route: how it reaches them — send (a message through the outbox), mass_task (WeCom 客户联系: also
 * through the outbox, whose WeCom channel turns it into a mass-message task the staff member
 * confirms), or skip (with the reason).
 * status: planned → queued (in the outbox under outboxKey) → sent | failed | uncertain, mirrored
 * from the outbox; paused / cancelled / skipped; for mass_task, queued → mass_task (handed to
 * WeCom, awaiting confirmation) → sent | failed | skipped (recordMassTaskOutcome).
 */
export const DELIVERY_STATUSES = ['planned', 'queued', 'paused', 'sent', 'failed', 'uncertain', 'skipped', 'cancelled', 'mass_task'] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]
export type DeliveryRoute = 'send' | 'mass_task' | 'skip'
/**
 * A delivery's attachment: with_text (goes with the text, as one outbox row), text_only (the
 * recipient's channel cannot carry it: the text goes alone), failed (the text went, the attachment
 * did not; never resent, a second text is worse than a missing picture).
 */
export const ATTACHMENT_STATUSES = ['with_text', 'text_only', 'failed'] as const
export type AttachmentStatus = (typeof ATTACHMENT_STATUSES)[number]

const deliverySchema = new Schema(
  {
    _id: { type: String, required: true },
    runId: { type: String, required: true },
    kind: { type: String, enum: ['broadcast', 'care'], required: true },
    broadcastId: { type: Schema.Types.ObjectId, default: null },
    memberId: { type: Schema.Types.ObjectId, required: true },
    memberName: { type: String, default: '' },
    variant: { type: String, enum: ['A', 'B'], default: null }, // null for care greetings and broadcasts without a variant B
    /** Care programmes combined in this greeting (day1, friday, holiday:mid_autumn, …). */
    programmes: { type: [String], default: [] },
    route: { type: String, enum: ['send', 'mass_task', 'skip'], required: true },
    channel: { type: String, default: null },
    account: { type: String, default: null },
    recipient: { type: String, default: null },
    conversationId: { type: Schema.Types.ObjectId, default: null },
    text: { type: String, required: true },
    /** The broadcast's attachment, as planned for this recipient; null without one. */
    attachment: { type: Schema.Types.Mixed, default: null },
    attachmentStatus: { type: String, enum: [...ATTACHMENT_STATUSES, null], default: null },
    attachmentReason: { type: String, default: null },
    /** 0 first; +1 each time a resume re-enqueues it under a new outbox key. */
    attempt: { type: Number, default: 0 },
    outboxKey: { type: String, default: null },
    notBefore: { type: Date, default: null },
    status: { type: String, enum: DELIVERY_STATUSES, required: true },
    reason: { type: String, default: null },
    createdAt: { type: Date, required: true },
    settledAt: { type: Date, default: null },
  },
  { collection: 'broadcast_deliveries', versionKey: false },
)
// Unique per (run, member) by its _id, `<runId>|<memberId>`: a second unique index on the same pair
// cost every planned row about a sixth more on FerretDB (0.81 vs 0.69 s per 5,000 rows), for nothing.
// A plain index on MongoDB, for its reads of a run; FerretDB builds only unique indexes.
deliverySchema.index({ runId: 1, memberId: 1 })
deliverySchema.index({ runId: 1, status: 1 })
deliverySchema.index({ broadcastId: 1, status: 1 })
deliverySchema.index({ status: 1, account: 1 })

export interface DeliveryDoc {
  _id: string
  runId: string
  kind: 'broadcast' | 'care'
  broadcastId: Types.ObjectId | null
  memberId: Types.ObjectId
  memberName: string
  variant: 'A' | 'B' | null
  programmes: string[]
  route: DeliveryRoute
  channel: string | null
  account: string | null
  recipient: string | null
  conversationId: Types.ObjectId | null
  text: string
  attachment: MessageAttachment | null
  attachmentStatus: AttachmentStatus | null
  attachmentReason: string | null
  attempt: number
  outboxKey: string | null
  notBefore: Date | null
  status: DeliveryStatus
  reason: string | null
  createdAt: Date
  settledAt: Date | null
}

export const deliveryModel = modelOf('BroadcastDelivery', deliverySchema)

export const deliveryId = (runId: string, memberId: Types.ObjectId | string) => `${runId}|${String(memberId)}`

/** The outbox key of a delivery: `delivery:<runId>:<memberId>`, and a new one per re-enqueue after a pause. */
export const outboxKeyOf = (runId: string, memberId: Types.ObjectId | string, attempt: number) =>
  attempt === 0 ? `delivery:${runId}:${String(memberId)}` : `delivery:${runId}:${String(memberId)}:${attempt}`

export const broadcastModels = [broadcastModel, runModel, deliveryModel]
