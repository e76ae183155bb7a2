import { Schema, type InferSchemaType, type Types } from 'mongoose'
import { modelOf } from '../../platform/db/model-of.ts'

export const NOTIFICATION_KINDS = ['complaint_deadline', 'emergency', 'survey_low_score', 'weekly_report', 'calendar_deadlines', 'appointment_request', 'gift_redeemed', 'complaint_filed'] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]

/**
 * One notification for one member of staff. `_id` is `<what it is about>:<staffId>`, so whatever
 * fires it twice (a second run, a second instance) stores it once — and sends its WeCom message once.
 */
const notificationSchema = new Schema(
  {
    _id: { type: String, required: true },
    staffId: { type: Schema.Types.ObjectId, required: true, index: true },
    kind: { type: String, enum: NOTIFICATION_KINDS, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    /** The console page it is about (the case, the chat, the report). */
    link: { type: String, required: true },
    clinicCode: { type: String },
    createdAt: { type: Date, required: true },
    readAt: { type: Date, default: null },
  },
  { collection: 'notifications', versionKey: false },
)

export type NotificationDoc = InferSchemaType<typeof notificationSchema> & { _id: string; staffId: Types.ObjectId }

export const notificationModel = modelOf('Notification', notificationSchema)
