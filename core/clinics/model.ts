import { Schema, type InferSchemaType, type Types } from 'mongoose'
import { modelOf } from '../../platform/db/model-of.ts'

const clinicSchema = new Schema(
  {
    code: { type: String, required: true, unique: true }, // 机构缩写, e.g. BJ01
    name: { type: String, required: true },
    shortName: { type: String },
    kind: { type: String, enum: ['eye', 'dental', 'aesthetic'], required: true },
    region: { type: String, enum: ['local', 'remote'], required: true }, // seed: 京内 / 京外
    phone: { type: String, required: true },
    emergencyPhone: { type: String, required: true },
    address: { type: String, required: true },
    hours: { type: String, required: true },
    /** GCJ-02 coordinates for the mini program's map (wx.openLocation); optional. */
    location: { type: { _id: false, latitude: Number, longitude: Number }, default: null },
  },
  { collection: 'clinics', timestamps: true },
)

export type ClinicDoc = InferSchemaType<typeof clinicSchema> & { _id: Types.ObjectId }

export const clinicModel = modelOf('Clinic', clinicSchema)
