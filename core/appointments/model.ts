import { Schema, type InferSchemaType, type Types } from 'mongoose'
import { modelOf } from '../../platform/db/model-of.ts'

export const APPOINTMENT_STATUSES = ['requested', 'confirmed', 'cancelled'] as const
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number]
export const PARTS_OF_DAY = ['morning', 'noon', 'afternoon', 'evening'] as const

/**
 * A booking request from chat. Staff confirm it by phone and record the agreed time here (the
 * HIS/CRM holds the real schedule); the customer is told in chat. `_id` is keyed by the message
 * that confirmed the request, so a redelivered message books once.
 */
const appointmentRequestSchema = new Schema(
  {
    key: { type: String, required: true, unique: true }, // one request per confirming message
    memberId: { type: Schema.Types.ObjectId, index: true },
    conversationId: { type: Schema.Types.ObjectId },
    clinicCode: { type: String, required: true },
    day: { type: String, required: true }, // YYYY-MM-DD, Asia/Shanghai: asked for, then the agreed day
    time: { type: String }, // HH:mm asked for
    partOfDay: { type: String, enum: PARTS_OF_DAY },
    name: { type: String, required: true },
    phone: { type: String, required: true },
    status: { type: String, enum: APPOINTMENT_STATUSES, default: 'requested', index: true },
    /** The agreed time, once confirmed. */
    at: { type: Date },
    cancelReason: { type: String },
    cancelledBy: { type: String, enum: ['customer', 'staff'] },
    /** The agreed time the day-before reminder went out for (a reschedule earns a new one). */
    remindedFor: { type: Date },
    rev: { type: Number, default: 0 }, // advanced by every change (platform/db/atomic.ts)
    history: [
      {
        _id: false,
        action: { type: String, required: true }, // requested, confirmed, rescheduled, cancelled, reminded
        at: { type: Date, required: true },
        by: { type: String }, // the staff member's name, or 顾客
        detail: { type: String },
      },
    ],
  },
  { collection: 'appointment_requests', timestamps: true },
)
appointmentRequestSchema.index({ day: 1, clinicCode: 1 })

export type AppointmentRequestDoc = InferSchemaType<typeof appointmentRequestSchema> & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date }

export const appointmentRequestModel = modelOf('AppointmentRequest', appointmentRequestSchema)
