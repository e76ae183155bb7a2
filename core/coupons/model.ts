import { Schema, type Types } from 'mongoose'
import { modelOf } from '../../platform/db/model-of.ts'

export const CAMPAIGN_TRIGGERS = ['add_contact', 'manual'] as const
export type CampaignTrigger = (typeof CAMPAIGN_TRIGGERS)[number]

export const COUPON_STATUSES = ['issued', 'redeemed', 'expired', 'void'] as const
export type CouponStatus = (typeof COUPON_STATUSES)[number]

const campaignSchema = new Schema(
  {
    key: { type: String }, // stable key of built-in campaigns, e.g. welcome-frame-glasses
    name: { type: String, required: true },
    trigger: { type: String, enum: CAMPAIGN_TRIGGERS, required: true },
    amountFen: { type: Number, required: true, min: 1 },
    thresholdFen: { type: Number, required: true, min: 0 },
    productScope: { type: String, required: true }, // e.g. 框架眼镜
    validityDays: { type: Number, default: null },
    endsAt: { type: Date, default: null },
    quantity: { type: Number, default: null }, // null: unlimited; enforced by the coupons' quantitySlotKey
    activeFrom: { type: Date, default: null },
    activeTo: { type: Date, default: null },
    active: { type: Boolean, default: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, default: null },
  },
  { collection: 'coupon_campaigns', versionKey: false },
)
campaignSchema.index({ key: 1 }, { unique: true, sparse: true })
campaignSchema.index({ trigger: 1, active: 1 })

export interface CampaignDoc {
  _id: Types.ObjectId
  key?: string
  name: string
  trigger: CampaignTrigger
  amountFen: number
  thresholdFen: number
  productScope: string
  validityDays: number | null
  endsAt: Date | null
  quantity: number | null
  activeFrom: Date | null
  activeTo: Date | null
  active: boolean
  createdAt: Date
  createdBy: string | null
}

export const campaignModel = modelOf('CouponCampaign', campaignSchema)

const couponSchema = new Schema(
  {
    code: { type: String, required: true, unique: true }, // stored without the dash
    memberId: { type: Schema.Types.ObjectId, required: true, index: true },
    campaignId: { type: Schema.Types.ObjectId, required: true },
    campaignName: { type: String, required: true }, // copied: no $lookup on FerretDB
    productScope: { type: String, required: true },
    amountFen: { type: Number, required: true },
    thresholdFen: { type: Number, required: true },
    status: { type: String, enum: COUPON_STATUSES, default: 'issued' },
    issuedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    redeemedAt: { type: Date, default: null },
    redeemedBy: { type: String, default: null },
    orderAmountFen: { type: Number, default: null },
    voidedAt: { type: Date, default: null },
    voidedBy: { type: String, default: null },
    voidReason: { type: String, default: null },
    expiredAt: { type: Date, default: null },
    // `<campaignId>:<n>` with n ≤ quantity, for campaigns of limited quantity: the index hands out each slot once.
    quantitySlotKey: { type: String },
  },
  { collection: 'coupons', versionKey: false },
)
// Every campaign gives a member at most one coupon: the database enforces "one welcome coupon ever".
couponSchema.index({ campaignId: 1, memberId: 1 }, { unique: true })
couponSchema.index({ quantitySlotKey: 1 }, { unique: true, sparse: true })
couponSchema.index({ status: 1, expiresAt: 1 })

export interface CouponDoc {
  _id: Types.ObjectId
  code: string
  memberId: Types.ObjectId
  campaignId: Types.ObjectId
  campaignName: string
  productScope: string
  amountFen: number
  thresholdFen: number
  status: CouponStatus
  issuedAt: Date
  expiresAt: Date
  redeemedAt: Date | null
  redeemedBy: string | null
  orderAmountFen: number | null
  voidedAt: Date | null
  voidedBy: string | null
  voidReason: string | null
  expiredAt: Date | null
  quantitySlotKey?: string
}

export const couponModel = modelOf('Coupon', couponSchema)

/**
 * How a coupon was used up (_id = the coupon's id): redeemed or voided. The first insert wins, so
 * two counters redeeming one code at once get one success — FerretDB's conditional updates are
 * not atomic (FerretDB/FerretDB#3040), a unique insert is. The coupon's status then follows it.
 */
const couponSettlementSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    outcome: { type: String, enum: ['redeemed', 'void'], required: true },
    at: { type: Date, required: true },
    by: { type: String, required: true },
    orderAmountFen: { type: Number, default: null },
    reason: { type: String, default: null },
  },
  { collection: 'coupon_settlements', versionKey: false },
)

export interface CouponSettlementDoc {
  _id: Types.ObjectId
  outcome: 'redeemed' | 'void'
  at: Date
  by: string
  orderAmountFen: number | null
  reason: string | null
}

export const couponSettlementModel = modelOf('CouponSettlement', couponSettlementSchema)

/** One row per coupon whose expiry reminder was handed out (_id = the coupon's id): never twice. */
const couponReminderSchema = new Schema(
  { _id: { type: Schema.Types.ObjectId, required: true }, memberId: { type: Schema.Types.ObjectId, required: true }, at: { type: Date, required: true } },
  { collection: 'coupon_reminders', versionKey: false },
)

export const couponReminderModel = modelOf('CouponReminder', couponReminderSchema)
