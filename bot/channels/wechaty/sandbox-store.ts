import { Schema, type Connection } from 'mongoose'

/** Simulated customers and what they saw, kept in the database so the sandbox survives a restart. */
const sandboxCustomerSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    phone: { type: String },
    birthday: { type: String },
    clinicCode: { type: String },
  },
  { collection: 'sandbox_customers', timestamps: true },
)

const sandboxTranscriptSchema = new Schema(
  {
    customerId: { type: String, required: true, index: true },
    messageId: { type: String, required: true, unique: true },
    from: { type: String, enum: ['customer', 'bot', 'agent'], required: true },
    text: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'sandbox_transcripts', versionKey: false },
)

export function sandboxCustomerModel(db: Connection) {
  return db.models.SandboxCustomer ?? db.model('SandboxCustomer', sandboxCustomerSchema)
}

export function sandboxTranscriptModel(db: Connection) {
  return db.models.SandboxTranscript ?? db.model('SandboxTranscript', sandboxTranscriptSchema)
}
