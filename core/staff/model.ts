import { Schema, type InferSchemaType } from 'mongoose'
import { ROLES } from './roles.ts'
import { modelOf } from '../../platform/db/model-of.ts'

const staffSchema = new Schema(
  {
    username: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    passwordHash: { type: String, required: true },
    roles: { type: [{ type: String, enum: ROLES }], required: true },
    clinicCodes: { type: [String], default: [] },
    /** Their WeCom account (成员账号): notifications also go to them as WeCom app messages. */
    wecomUserId: { type: String },
    active: { type: Boolean, default: true },
  },
  { collection: 'staff', timestamps: true },
)

export type StaffDoc = InferSchemaType<typeof staffSchema> & { _id: import('mongoose').Types.ObjectId }

export const staffModel = modelOf('Staff', staffSchema)
