import { Schema, type Types } from 'mongoose'
import { modelOf } from '../../platform/db/model-of.ts'

export const LEDGER_KINDS = ['earn', 'adjust', 'spend', 'expire'] as const
export type LedgerKind = (typeof LEDGER_KINDS)[number]

/**
 * Append-only, one sequence per member: row n+1 carries the balance after it. Two writers that
 * read the same last row collide on (memberId, seq) and the loser re-reads — the only way to keep
 * a balance exact on FerretDB, whose updates (and $inc) are not atomic (FerretDB/FerretDB#3040).
 */
const pointsLedgerSchema = new Schema(
  {
    _id: { type: String, required: true }, // ledgerEntryId(memberId, seq): the balance is found by _id
    memberId: { type: Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true },
    deltaPoints: { type: Number, required: true },
    balanceAfter: { type: Number, required: true, min: 0 },
    kind: { type: String, enum: LEDGER_KINDS, required: true },
    reason: { type: String, required: true },
    visitId: { type: Schema.Types.ObjectId, default: null },
    giftId: { type: Schema.Types.ObjectId, default: null },
    giftUnitKey: { type: String }, // `<giftId>:<unit>`: a gift unit is handed out once
    staffId: { type: String, default: null },
    idempotencyKey: { type: String }, // e.g. `visit:<visitId>`; a retry hits the index instead of earning twice
    at: { type: Date, required: true },
  },
  { collection: 'points_ledger', versionKey: false },
)
pointsLedgerSchema.index({ memberId: 1, seq: 1 }, { unique: true })
pointsLedgerSchema.index({ idempotencyKey: 1 }, { unique: true, sparse: true })
pointsLedgerSchema.index({ giftUnitKey: 1 }, { unique: true, sparse: true })
pointsLedgerSchema.index({ giftId: 1 })

/** Row `seq` of a member's ledger. Seqs run 1, 2, 3… without gaps (each append takes last + 1, the unique index refuses a second). */
export const ledgerEntryId = (memberId: Types.ObjectId | string, seq: number) => `${memberId}:${seq}`

export interface LedgerDoc {
  _id: string
  memberId: Types.ObjectId
  seq: number
  deltaPoints: number
  balanceAfter: number
  kind: LedgerKind
  reason: string
  visitId: Types.ObjectId | null
  giftId: Types.ObjectId | null
  giftUnitKey?: string
  staffId: string | null
  idempotencyKey?: string
  at: Date
}

export const pointsLedgerModel = modelOf('PointsLedger', pointsLedgerSchema)

const giftSchema = new Schema(
  {
    name: { type: String, required: true },
    description: { type: String, default: '' },
    pointsCost: { type: Number, required: true, min: 1 },
    quantity: { type: Number, required: true, min: 0 }, // units ever stocked; stock left = quantity − units handed out
    active: { type: Boolean, default: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'gifts', versionKey: false },
)

export interface GiftDoc {
  _id: Types.ObjectId
  name: string
  description: string
  pointsCost: number
  quantity: number
  active: boolean
  createdAt: Date
}

export const giftModel = modelOf('Gift', giftSchema)
