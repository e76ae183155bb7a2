import { Schema, type Types } from 'mongoose'
import { modelOf } from '../../platform/db/model-of.ts'

/** seed 003's survey split: 到诊未消费 / 非手术消费 / 手术消费. */
export const VISIT_TYPES = ['no_spend', 'non_surgical', 'surgical'] as const
export type VisitType = (typeof VISIT_TYPES)[number]

const visitSchema = new Schema(
  {
    externalId: { type: String, required: true, unique: true }, // the HIS/CRM's id: imports are idempotent on it
    memberId: { type: Schema.Types.ObjectId, required: true },
    clinicCode: { type: String, required: true },
    visitedAt: { type: Date, required: true },
    visitDay: { type: String, required: true, index: true }, // 'YYYY-MM-DD' Asia/Shanghai: FerretDB has no date operators to bucket by day
    type: { type: String, enum: VISIT_TYPES, required: true },
    amountFen: { type: Number, required: true, min: 0 },
    importedAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'visits', versionKey: false },
)
visitSchema.index({ memberId: 1, visitDay: 1 })

export interface VisitDoc {
  _id: Types.ObjectId
  externalId: string
  memberId: Types.ObjectId
  clinicCode: string
  visitedAt: Date
  visitDay: string
  type: VisitType
  amountFen: number
  importedAt: Date
  updatedAt: Date
}

export const visitModel = modelOf('Visit', visitSchema)
