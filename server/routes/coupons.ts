import { z } from 'zod'
import { createCampaign, getCampaign, listCampaigns, updateCampaign } from '../../core/coupons/campaigns.ts'
import { grantCampaignCoupon } from '../../core/coupons/service.ts'
import { getCouponByCode, redeemCoupon, voidCoupon } from '../../core/coupons/redeem.ts'
import { campaignReport } from '../../core/coupons/report.ts'
import {
  campaignReport as campaignReportView,
  campaignView,
  couponFilters,
  couponView,
  createCampaignBody,
  grantBody,
  redeemBody,
  updateCampaignBody,
  voidBody,
} from '../../core/coupons/schemas.ts'
import { listCoupons } from '../../core/coupons/service.ts'
import { yuanToFen } from '../../core/members/money.ts'
import { pageQuery, route } from '../http/route.ts'
import type { ServerDeps } from '../app.ts'

const codeParams = z.object({ code: z.string().max(20) })
const idParams = z.object({ id: z.string() })
const CAMPAIGN_ROLES = ['marketing', 'admin'] as const

export const couponRoutes = (deps: ServerDeps) => [
  route({
    method: 'get',
    path: '/api/coupons',
    summary: 'List coupons; an issued coupon past its expiry reads as expired',
    tag: 'coupons',
    access: ['agent', 'supervisor', 'director', 'marketing', 'admin'],
    query: pageQuery.extend(couponFilters.shape),
    responses: { 200: z.object({ items: z.array(couponView), total: z.number() }) },
    handler: ({ query }) => listCoupons(deps, query),
  }),
  route({
    method: 'get',
    path: '/api/coupons/:code',
    summary: 'Look up a coupon at the counter (code with or without the dash, any case)',
    tag: 'coupons',
    access: ['agent', 'supervisor', 'marketing', 'admin'],
    params: codeParams,
    responses: { 200: couponView, 404: 'Unknown code' },
    handler: ({ params }) => getCouponByCode(deps, params.code),
  }),
  route({
    method: 'post',
    path: '/api/coupons/:code/redeem',
    summary: 'Redeem a coupon at the counter for an order (yuan)',
    tag: 'coupons',
    access: ['agent', 'supervisor', 'admin'],
    params: codeParams,
    body: redeemBody,
    responses: {
      200: couponView,
      404: 'Unknown code',
      409: 'Already redeemed',
      410: 'Expired or void',
      422: 'Order below the threshold',
    },
    handler: ({ params, body, staff }) => redeemCoupon(deps, params.code, { orderAmountFen: yuanToFen(body.orderAmount), staffId: staff!.id }),
  }),
  route({
    method: 'post',
    path: '/api/coupons/:code/void',
    summary: 'Void an unused coupon (voiding it again is a no-op)',
    tag: 'coupons',
    access: ['supervisor', 'admin'],
    params: codeParams,
    body: voidBody,
    responses: { 200: couponView, 404: 'Unknown code', 409: 'Already redeemed', 410: 'Expired' },
    handler: ({ params, body, staff }) => voidCoupon(deps, params.code, { staffId: staff!.id, reason: body.reason }),
  }),
  route({
    method: 'get',
    path: '/api/coupon-campaigns',
    summary: 'Coupon campaigns (the 关注有礼 welcome campaign is always there)',
    tag: 'coupons',
    access: CAMPAIGN_ROLES,
    query: pageQuery,
    responses: { 200: z.object({ items: z.array(campaignView), total: z.number() }) },
    handler: ({ query }) => listCampaigns(deps, query),
  }),
  route({
    method: 'post',
    path: '/api/coupon-campaigns',
    summary: 'Create a campaign: amount and threshold in yuan, validityDays or endsAt, optional quantity and active window',
    tag: 'coupons',
    access: CAMPAIGN_ROLES,
    body: createCampaignBody,
    responses: { 201: campaignView },
    handler: async ({ body, staff }) => ({ status: 201, body: await createCampaign(deps, body, staff!.id) }),
  }),
  route({
    method: 'get',
    path: '/api/coupon-campaigns/:id',
    summary: 'One campaign',
    tag: 'coupons',
    access: CAMPAIGN_ROLES,
    params: idParams,
    responses: { 200: campaignView, 404: 'Unknown campaign' },
    handler: ({ params }) => getCampaign(deps, params.id),
  }),
  route({
    method: 'patch',
    path: '/api/coupon-campaigns/:id',
    summary: 'Rename, (de)activate, move the active window or change the quantity of a campaign',
    tag: 'coupons',
    access: CAMPAIGN_ROLES,
    params: idParams,
    body: updateCampaignBody,
    responses: { 200: campaignView, 404: 'Unknown campaign' },
    handler: ({ params, body }) => updateCampaign(deps, params.id, body),
  }),
  route({
    method: 'get',
    path: '/api/coupon-campaigns/:id/report',
    summary: 'Issued, redeemed, redemption rate and discount given (yuan)',
    tag: 'coupons',
    access: ['marketing', 'director', 'admin'],
    params: idParams,
    responses: { 200: campaignReportView, 404: 'Unknown campaign' },
    handler: ({ params }) => campaignReport(deps, params.id),
  }),
  route({
    method: 'post',
    path: '/api/coupon-campaigns/:id/grants',
    summary: "Give a member this campaign's coupon (once per member: 200 with the existing one)",
    tag: 'coupons',
    access: CAMPAIGN_ROLES,
    params: idParams,
    body: grantBody,
    responses: { 201: couponView, 200: couponView, 404: 'Unknown campaign or member', 410: 'Quantity used up', 422: 'Campaign not active' },
    handler: async ({ params, body }) => {
      const { coupon, created } = await grantCampaignCoupon(deps, params.id, body.memberId)
      return { status: created ? 201 : 200, body: coupon }
    },
  }),
]
