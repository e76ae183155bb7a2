import { Schema, type InferSchemaType, type Types } from 'mongoose'
import type { MessageAttachment } from '../outbox/model.ts'
import { modelOf } from '../db/model-of.ts'

/**
 * What the WeCom channels keep in the database shared by every instance. Uniqueness is the
 * database's job: on FerretDB v1 the only atomic write is an insert against a unique index, so
 * every "once" below (a callback, a welcome, a token refresh, a contact way per clinic) is a
 * unique key, never a conditional update.
 */

/** The app's access token, shared by every instance (WeCom: one token per secret, up to 512 bytes). */
const tokenSchema = new Schema(
  {
    _id: { type: String, required: true }, // `${corpId}:${hash of the secret}`
    token: { type: String, required: true, maxlength: 512 },
    expiresAt: { type: Date, required: true },
    fetchedAt: { type: Date, required: true },
  },
  { collection: 'wecom_tokens', versionKey: false },
)

export interface WecomTokenDoc {
  _id: string
  token: string
  expiresAt: Date
  fetchedAt: Date
}

export const wecomTokenModel = modelOf('WecomToken', tokenSchema)

export const CALLBACK_STATUSES = ['pending', 'processing', 'done', 'failed'] as const

/**
 * Every verified callback, stored before it is worked on. The _id is the dedupe key (MsgId, or the
 * event's identifying fields), so WeCom's retries (3 tries, 5 s apart) and a second instance
 * behind the same URL insert once; the bot instance works the rows off asynchronously.
 */
const callbackSchema = new Schema(
  {
    _id: { type: String, required: true },
    event: { type: String, required: true }, // change_external_contact, kf_msg_or_event, or the MsgType of a message
    fields: { type: Schema.Types.Mixed, required: true }, // the decrypted XML's fields
    status: { type: String, enum: CALLBACK_STATUSES, default: 'pending' },
    rev: { type: Number, default: 0 }, // platform/db/atomic.ts transitions
    attempts: { type: Number, default: 0 },
    receivedAt: { type: Date, required: true },
    claimedAt: { type: Date },
    finishedAt: { type: Date },
    error: { type: String },
  },
  { collection: 'wecom_callbacks', versionKey: false },
)
callbackSchema.index({ status: 1, receivedAt: 1 })

export interface WecomCallbackDoc {
  _id: string
  event: string
  fields: Record<string, string>
  status: (typeof CALLBACK_STATUSES)[number]
  rev: number
  attempts: number
  receivedAt: Date
  claimedAt?: Date
  finishedAt?: Date
  error?: string
}

export const wecomCallbackModel = modelOf('WecomCallback', callbackSchema)

/**
 * A customer's relationship with the staff member on 客户联系, per change_external_contact event:
 * added (with the 联系我 state), deleted by the staff member (del_external_contact) or by the
 * customer (del_follow_user). One row per event, keyed by the callback, so the history stays.
 */
const contactEventSchema = new Schema(
  {
    _id: { type: String, required: true }, // the callback's dedupe key
    externalId: { type: String, required: true, index: true },
    userId: { type: String, required: true },
    change: { type: String, required: true }, // add_external_contact, del_external_contact, del_follow_user, …
    state: { type: String },
    at: { type: Date, required: true },
  },
  { collection: 'wecom_contact_events', versionKey: false },
)

export interface WecomContactEventDoc {
  _id: string
  externalId: string
  userId: string
  change: string
  state?: string
  at: Date
}

export const wecomContactEventModel = modelOf('WecomContactEvent', contactEventSchema)

/** One 联系我 QR code per clinic (add_contact_way, state = the clinic code). WeCom cannot list API-made ones: keep config_id. */
const contactWaySchema = new Schema(
  {
    _id: { type: String, required: true }, // the clinic code
    status: { type: String, enum: ['creating', 'ready'], required: true },
    userId: { type: String, required: true },
    configId: { type: String },
    qrCode: { type: String },
    createdAt: { type: Date, required: true },
  },
  { collection: 'wecom_contact_ways', versionKey: false },
)

export interface WecomContactWayDoc {
  _id: string
  status: 'creating' | 'ready'
  userId: string
  configId?: string
  qrCode?: string
  createdAt: Date
}

export const wecomContactWayModel = modelOf('WecomContactWay', contactWaySchema)

export const MASS_MESSAGE_STATUSES = [
  'planned', // waiting for the next wecom.mass-tasks run
  'tasking', // being put into a task now
  'pending', // in a task the staff member has not sent yet (WeCom status 0)
  'sent', // 1
  'not_friend', // 2: the customer deleted the staff member
  'cap_reached', // 3: the customer already got this period's mass messages
  'failed', // refused when the task was created (fail_list, 41048) or left uncertain by a crash
  'cancelled', // opted out before the task was created
] as const
export type MassMessageStatus = (typeof MASS_MESSAGE_STATUSES)[number]

/**
 * One unprompted message to one 客户联系 customer, delivered as a mass-message task
 * (add_msg_template) that the staff member confirms in WeCom. Keyed like the outbox: planning the
 * same greeting twice plans it once.
 */
const massMessageSchema = new Schema(
  {
    key: { type: String, required: true, unique: true },
    externalId: { type: String, required: true },
    text: { type: String, required: true },
    /** An image or mini-program card to go with the text (MessageAttachment): part of the same task. */
    attachment: { type: Schema.Types.Mixed },
    /** The task went out without the attachment (its cover could not be uploaded): why. */
    attachmentError: { type: String },
    origin: { type: String, required: true }, // care, broadcast, survey, welcome, agent…
    memberId: { type: Schema.Types.ObjectId },
    conversationId: { type: Schema.Types.ObjectId },
    /** The conversation message recorded under this outbox key gets the final delivery status. */
    outboxKey: { type: String },
    status: { type: String, enum: MASS_MESSAGE_STATUSES, default: 'planned' },
    rev: { type: Number, default: 0 },
    taskId: { type: Schema.Types.ObjectId, index: true },
    reason: { type: String },
    plannedAt: { type: Date, required: true },
    resultAt: { type: Date },
    sentAt: { type: Date },
  },
  { collection: 'wecom_mass_messages', versionKey: false },
)
massMessageSchema.index({ status: 1, plannedAt: 1 })

export interface WecomMassMessageDoc {
  _id: Types.ObjectId
  key: string
  externalId: string
  text: string
  attachment?: MessageAttachment | null
  attachmentError?: string
  origin: string
  memberId?: Types.ObjectId
  conversationId?: Types.ObjectId
  outboxKey?: string
  status: MassMessageStatus
  rev: number
  taskId?: Types.ObjectId
  reason?: string
  plannedAt: Date
  resultAt?: Date
  sentAt?: Date
}

export const wecomMassMessageModel = modelOf('WecomMassMessage', massMessageSchema)

/** One add_msg_template call: its WeCom msgid, and whether its results are still being polled. */
const massTaskSchema = new Schema(
  {
    msgid: { type: String },
    sender: { type: String, required: true },
    text: { type: String, required: true },
    attachment: { type: Schema.Types.Mixed },
    recipients: { type: Number, required: true },
    status: { type: String, enum: ['creating', 'created', 'finished', 'expired', 'failed'], required: true },
    rev: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
    lastPolledAt: { type: Date },
    finishedAt: { type: Date },
    error: { type: String },
  },
  { collection: 'wecom_mass_tasks', versionKey: false },
)
massTaskSchema.index({ status: 1, createdAt: 1 })

export interface WecomMassTaskDoc {
  _id: Types.ObjectId
  msgid?: string
  sender: string
  text: string
  attachment?: MessageAttachment | null
  recipients: number
  status: 'creating' | 'created' | 'finished' | 'expired' | 'failed'
  rev: number
  createdAt: Date
  lastPolledAt?: Date
  finishedAt?: Date
  error?: string
}

export const wecomMassTaskModel = modelOf('WecomMassTask', massTaskSchema)

/**
 * Files uploaded to WeCom as temporary media (media/upload: a media_id lives 3 days), by type and
 * source URL, so a broadcast's picture is uploaded once, not once per customer.
 */
const mediaSchema = new Schema(
  {
    _id: { type: String, required: true }, // `${type}:${sha256 of the URL}`
    url: { type: String, required: true },
    mediaId: { type: String, required: true },
    uploadedAt: { type: Date, required: true },
  },
  { collection: 'wecom_media', versionKey: false },
)

export type WecomMediaDoc = InferSchemaType<typeof mediaSchema>

export const wecomMediaModel = modelOf('WecomMedia', mediaSchema)

export const wecomModels = [wecomTokenModel, wecomCallbackModel, wecomContactEventModel, wecomContactWayModel, wecomMassMessageModel, wecomMassTaskModel, wecomMediaModel]
