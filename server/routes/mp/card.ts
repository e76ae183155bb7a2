import { z } from 'zod'
import { issueMemberCode, MEMBER_CODE_REFRESH_S } from '../../../core/miniprogram/member-code.ts'
import { myCoupon, myCoupons, requireMember } from '../../../core/miniprogram/service.ts'
import { listLedger } from '../../../core/points/service.ts'
import { pageQuery, route } from '../../http/route.ts'
import type { ServerDeps } from '../../app.ts'
import { mpCouponView } from './schemas.ts'

export const mpCardRoutes = (deps: ServerDeps) => [
  route({
    method: 'get',
    path: '/api/mp/card-code',
    summary: '会员码: a signed 12-digit code for the counter to scan, valid 5 minutes; fetch a new one after refreshAfterSeconds',
    tag: 'miniprogram',
    access: 'member',
    responses: { 200: z.object({ code: z.string(), expiresAt: z.string(), refreshAfterSeconds: z.number().int() }), 403: 'member_required' },
    handler: async ({ member }) => {
      const { code, expiresAt } = await issueMemberCode(deps, deps.memberSigner, requireMember(member))
      return { code, expiresAt: expiresAt.toISOString(), refreshAfterSeconds: MEMBER_CODE_REFRESH_S }
    },
  }),
  route({
    method: 'get',
    path: '/api/mp/points',
    summary: 'The points balance and history, newest first',
    tag: 'miniprogram',
    access: 'member',
    query: pageQuery,
    responses: {
      200: z.object({ balance: z.number().int(), items: z.array(z.object({ id: z.string(), deltaPoints: z.number().int(), balanceAfter: z.number().int(), reason: z.string(), at: z.string() })), total: z.number() }),
      403: 'member_required',
    },
    handler: async ({ query, member }) => {
      const { balance, items, total } = await listLedger(deps, String(requireMember(member)), query)
      return { balance, items: items.map(({ id, deltaPoints, balanceAfter, reason, at }) => ({ id, deltaPoints, balanceAfter, reason, at })), total }
    },
  }),
  route({
    method: 'get',
    path: '/api/mp/coupons',
    summary: '我的优惠券: usable, used or expired (all without `status`), newest first',
    tag: 'miniprogram',
    access: 'member',
    query: z.object({ status: z.enum(['usable', 'used', 'expired']).optional() }),
    responses: { 200: z.object({ items: z.array(mpCouponView), total: z.number() }), 403: 'member_required' },
    handler: async ({ query, member }) => myCoupons(deps, requireMember(member), query.status),
  }),
  route({
    method: 'get',
    path: '/api/mp/coupons/:code',
    summary: 'One of the member’s coupons (another member’s code is 404)',
    tag: 'miniprogram',
    access: 'member',
    params: z.object({ code: z.string().max(32) }),
    responses: { 200: mpCouponView, 403: 'member_required', 404: 'coupon_not_found' },
    handler: async ({ params, member }) => myCoupon(deps, requireMember(member), params.code),
  }),
]
