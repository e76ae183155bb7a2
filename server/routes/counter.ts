import { z } from 'zod'
import { recordMemberAccess } from '../../core/members/access-log.ts'
import { presentMemberForStaff } from '../../core/members/present.ts'
import { memberView } from '../../core/members/schemas.ts'
import { getMember } from '../../core/members/service.ts'
import { couponView } from '../../core/coupons/schemas.ts'
import { listMemberCoupons } from '../../core/coupons/service.ts'
import { memberIdForCode } from '../../core/miniprogram/member-code.ts'
import { route } from '../http/route.ts'
import type { ServerDeps } from '../app.ts'

/** 核销: the counter scans or types the member code from the mini program's 会员卡. */
export const counterRoutes = (deps: ServerDeps) => [
  route({
    method: 'post',
    path: '/api/counter/member-code',
    summary: 'The member behind a scanned or typed member code, with their usable coupons',
    tag: 'coupons',
    access: ['agent', 'supervisor', 'marketing', 'admin'],
    body: z.object({ code: z.string().trim().min(1).max(32) }),
    responses: { 200: z.object({ member: memberView, coupons: z.array(couponView) }), 410: 'member_code_expired', 422: 'member_code_invalid' },
    handler: async ({ body, staff }) => {
      const memberId = await memberIdForCode(deps, deps.memberSigner, body.code)
      await recordMemberAccess(deps, { staffId: staff!.id, memberId, what: 'coupons' })
      const [member, coupons] = await Promise.all([getMember(deps, memberId), listMemberCoupons(deps, memberId)])
      return { member: presentMemberForStaff(member, staff!.roles), coupons: coupons.filter((c) => c.status === 'issued') }
    },
  }),
]
