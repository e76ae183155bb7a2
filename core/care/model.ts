import { Schema, type InferSchemaType, type Types } from 'mongoose'
import type { Tier } from '../members/model.ts'
import { modelOf } from '../../platform/db/model-of.ts'

/** Staff's changes to a built-in care programme (_id = its key); defaults live in copy.ts. */
const careProgrammeSchema = new Schema(
  {
    _id: { type: String, required: true },
    enabled: { type: Boolean },
    texts: { type: Schema.Types.Mixed, default: {} },
    library: { type: [String], default: undefined },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
  },
  { collection: 'care_programmes', versionKey: false, minimize: false },
)

export interface CareProgrammeDoc {
  _id: string
  enabled?: boolean
  texts: Record<string, string>
  library?: string[]
  updatedAt: Date
  updatedBy: string
}

export const careProgrammeModel = modelOf('CareProgramme', careProgrammeSchema)

/**
 * Work for staff that a greeting cannot do: the birthday card or gift for tiers A and B (and
 * tier A's family). `key` (`birthday:<memberId>:<day>:<who>`) makes planning the day twice create one task.
 */
const careTaskSchema = new Schema(
  {
    key: { type: String, required: true, unique: true },
    kind: { type: String, enum: ['birthday_gift'], required: true },
    memberId: { type: Schema.Types.ObjectId, required: true, index: true },
    memberName: { type: String, default: '' },
    tier: { type: String, required: true },
    clinicCode: { type: String, required: true },
    day: { type: String, required: true },
    /** Whose birthday: the member, or a family member of a tier-A member. */
    celebrant: {
      type: new Schema({ kind: { type: String, enum: ['member', 'family'], required: true }, name: String, relation: String }, { _id: false }),
      required: true,
    },
    /** The member opted out of messages: the card or gift by post or at the counter, not by chat. */
    optedOut: { type: Boolean, default: false },
    status: { type: String, enum: ['open', 'done'], default: 'open', index: true },
    rev: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
    doneAt: { type: Date, default: null },
    doneBy: { type: String, default: null },
    doneByName: { type: String, default: null },
    note: { type: String, default: null },
  },
  { collection: 'care_tasks', versionKey: false },
)
careTaskSchema.index({ status: 1, day: 1 })

export interface CareTaskDoc {
  _id: Types.ObjectId
  key: string
  kind: 'birthday_gift'
  memberId: Types.ObjectId
  memberName: string
  tier: Tier
  clinicCode: string
  day: string
  celebrant: { kind: 'member' | 'family'; name?: string; relation?: string }
  optedOut: boolean
  status: 'open' | 'done'
  rev: number
  createdAt: Date
  doneAt: Date | null
  doneBy: string | null
  doneByName: string | null
  note: string | null
}

export const careTaskModel = modelOf('CareTask', careTaskSchema)

/**
 * The Friday greeting each member got last (_id = member id), so the next one differs. Written
 * before the delivery row, with the run that chose it: a re-plan of the same run picks the same text.
 */
const fridayRotationSchema = new Schema(
  {
    _id: { type: String, required: true },
    lastIndex: { type: Number, required: true },
    lastText: { type: String, required: true },
    lastRunId: { type: String, required: true },
  },
  { collection: 'care_friday_rotation', versionKey: false },
)

export type FridayRotationDoc = InferSchemaType<typeof fridayRotationSchema>

export const fridayRotationModel = modelOf('CareFridayRotation', fridayRotationSchema)

export const careModels = [careProgrammeModel, careTaskModel, fridayRotationModel]
