import { z } from 'zod'
import { calendarInstant as instant } from '../calendar/schemas.ts'
import { yuanAmount } from '../members/money.ts'
import { CAMPAIGN_TRIGGERS, COUPON_STATUSES } from './model.ts'

const objectId = z.string().regex(/^[0-9a-f]{24}$/i, 'must be an id')

export const couponView = z.object({
  id: z.string(),
  code: z.string().describe('XXXX-XXXX; accepted with or without the dash, any case'),
  memberId: z.string(),
  campaignId: z.string(),
  campaign: z.string().describe("the campaign's name"),
  productScope: z.string(),
  amount: z.number().describe('yuan off'),
  threshold: z.number().describe('minimum order in yuan'),
  status: z.enum(COUPON_STATUSES),
  issuedAt: z.string(),
  expiresAt: z.string(),
  redeemedAt: z.string().nullable(),
  redeemedBy: z.string().nullable(),
  orderAmount: z.number().nullable(),
  voidedAt: z.string().nullable(),
})
export type CouponView = z.infer<typeof couponView>

export const couponFilters = z.object({
  memberId: objectId.optional(),
  campaignId: objectId.optional(),
  status: z.enum(COUPON_STATUSES).optional(),
})
export type CouponFilters = z.infer<typeof couponFilters>

export const redeemBody = z.object({ orderAmount: yuanAmount })
export const voidBody = z.object({ reason: z.string().trim().max(200).optional() })
export const grantBody = z.object({ memberId: objectId })

const campaignFields = {
  name: z.string().trim().min(1).max(60),
  trigger: z.enum(CAMPAIGN_TRIGGERS).default('manual'),
  amount: yuanAmount.refine((v) => v > 0, 'must be more than 0'),
  threshold: yuanAmount,
  productScope: z.string().trim().min(1).max(40),
  validityDays: z.number().int().min(1).max(3650).optional(),
  endsAt: instant.optional(),
  quantity: z.number().int().min(1).max(10_000_000).optional(),
  activeFrom: instant.optional(),
  activeTo: instant.optional(),
  active: z.boolean().default(true),
}

export const createCampaignBody = z
  .object(campaignFields)
  .refine((c) => (c.validityDays === undefined) !== (c.endsAt === undefined), { message: 'give either validityDays or endsAt', path: ['validityDays'] })
  .refine((c) => c.threshold === 0 || c.amount < c.threshold, { message: 'must be below the threshold', path: ['amount'] })
export type CreateCampaignInput = z.infer<typeof createCampaignBody>

export const updateCampaignBody = z.strictObject({
  name: campaignFields.name.optional(),
  active: z.boolean().optional(),
  activeFrom: instant.nullable().optional(),
  activeTo: instant.nullable().optional(),
  quantity: z.number().int().min(1).max(10_000_000).nullable().optional().describe('null: unlimited'),
})
export type UpdateCampaignInput = z.infer<typeof updateCampaignBody>

export const campaignView = z.object({
  id: z.string(),
  key: z.string().nullable(),
  name: z.string(),
  trigger: z.enum(CAMPAIGN_TRIGGERS),
  amount: z.number(),
  threshold: z.number(),
  productScope: z.string(),
  validityDays: z.number().nullable(),
  endsAt: z.string().nullable(),
  quantity: z.number().nullable(),
  issued: z.number(),
  remaining: z.number().nullable(),
  activeFrom: z.string().nullable(),
  activeTo: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
})
export type CampaignView = z.infer<typeof campaignView>

export const campaignReport = z.object({
  campaignId: z.string(),
  name: z.string(),
  issued: z.number(),
  redeemed: z.number(),
  expired: z.number(),
  void: z.number(),
  outstanding: z.number(),
  redemptionRate: z.number().describe('redeemed / issued, 0..1'),
  discountGiven: z.number().describe('yuan'),
  orderTotal: z.number().describe('yuan, of the orders the coupons were redeemed on'),
})
export type CampaignReport = z.infer<typeof campaignReport>
