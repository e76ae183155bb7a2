import { Schema } from 'mongoose'
import { modelOf } from '../../../platform/db/model-of.ts'

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
    /** text, image, mini_program, file, video, voice, other (rows from before this field: absent). */
    type: { type: String },
    url: { type: String }, // an image sent from a URL
    title: { type: String }, // a mini-program card
  },
  { collection: 'sandbox_transcripts', versionKey: false },
)

export const sandboxCustomerModel = modelOf('SandboxCustomer', sandboxCustomerSchema)

export const sandboxTranscriptModel = modelOf('SandboxTranscript', sandboxTranscriptSchema)
