import { z } from 'zod'
import { recordMemberAccess } from '../../core/members/access-log.ts'
import { createGift, listGifts, redeemGift } from '../../core/points/gifts.ts'
import { adjustPoints, listLedger } from '../../core/points/service.ts'
import { adjustPointsBody, createGiftBody, giftView, ledgerEntryView, redeemGiftBody } from '../../core/points/schemas.ts'
import { pageQuery, route } from '../http/route.ts'
import type { ServerDeps } from '../app.ts'
import { MEMBER_RECORD_ROLES, memberIdParams } from './members.ts'

const pointsChange = z.object({ applied: z.boolean(), balance: z.number().int(), entry: ledgerEntryView })

export const pointsRoutes = (deps: ServerDeps) => [
  route({
    method: 'get',
    path: '/api/members/:id/points',
    summary: "A member's points balance and ledger, newest first",
    tag: 'points',
    access: MEMBER_RECORD_ROLES,
    params: memberIdParams,
    query: pageQuery,
    responses: { 200: z.object({ memberId: z.string(), balance: z.number().int(), items: z.array(ledgerEntryView), total: z.number() }), 404: 'Unknown member' },
    handler: async ({ params, query, staff }) => {
      const ledger = await listLedger(deps, params.id, query)
      await recordMemberAccess(deps, { staffId: staff!.id, memberId: ledger.memberId, what: 'points' })
      return ledger
    },
  }),
  route({
    method: 'post',
    path: '/api/members/:id/points/adjust',
    summary: 'Correct a balance by hand, with a reason; it never goes below zero',
    tag: 'points',
    access: ['supervisor', 'admin'],
    params: memberIdParams,
    body: adjustPointsBody,
    responses: { 200: pointsChange, 404: 'Unknown member', 422: 'Not enough points' },
    handler: ({ params, body, staff }) => adjustPoints(deps, params.id, { ...body, staffId: staff!.id }),
  }),
  route({
    method: 'get',
    path: '/api/gifts',
    summary: 'The gift catalogue (兑换礼品)',
    tag: 'points',
    access: 'staff',
    query: pageQuery.extend({ active: z.enum(['true', 'false']).optional() }),
    responses: { 200: z.object({ items: z.array(giftView), total: z.number() }) },
    handler: ({ query }) => listGifts(deps, { ...query, activeOnly: query.active === 'true' }),
  }),
  route({
    method: 'post',
    path: '/api/gifts',
    summary: 'Add a gift to the catalogue',
    tag: 'points',
    access: ['marketing', 'admin'],
    body: createGiftBody,
    responses: { 201: giftView },
    handler: async ({ body }) => ({ status: 201, body: await createGift(deps, body) }),
  }),
  route({
    method: 'post',
    path: '/api/gifts/:id/redeem',
    summary: "Exchange a member's points for a gift: stock and points are taken atomically",
    tag: 'points',
    access: ['agent', 'supervisor', 'admin'],
    params: z.object({ id: z.string() }),
    body: redeemGiftBody,
    responses: {
      200: z.object({ gift: giftView, balance: z.number().int(), entry: ledgerEntryView }),
      404: 'Unknown gift or member',
      410: 'Out of stock or withdrawn',
      422: 'Not enough points',
    },
    handler: ({ params, body, staff }) => redeemGift(deps, params.id, body.memberId, staff!.id),
  }),
]
