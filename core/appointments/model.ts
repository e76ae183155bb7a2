import { Schema, type Connection, type InferSchemaType, type Types } from 'mongoose'

/** A booking request from chat; the clinic confirms it by phone (the HIS/CRM holds the real schedule). */
const appointmentRequestSchema = new Schema(
  {
    key: { type: String, required: true, unique: true }, // one request per confirming message
    memberId: { type: Schema.Types.ObjectId, index: true },
    conversationId: { type: Schema.Types.ObjectId },
    clinicCode: { type: String, required: true },
    day: { type: String, required: true }, // YYYY-MM-DD, Asia/Shanghai
    time: { type: String }, // HH:mm
    partOfDay: { type: String, enum: ['morning', 'noon', 'afternoon', 'evening'] },
    name: { type: String, required: true },
    phone: { type: String, required: true },
    status: { type: String, enum: ['requested', 'confirmed', 'cancelled'], default: 'requested', index: true },
  },
  { collection: 'appointment_requests', timestamps: true },
)

export type AppointmentRequestDoc = InferSchemaType<typeof appointmentRequestSchema> & { _id: Types.ObjectId; createdAt: Date }

export function appointmentRequestModel(db: Connection) {
  return db.models.AppointmentRequest ?? db.model('AppointmentRequest', appointmentRequestSchema)
}
