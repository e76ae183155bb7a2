import { z } from 'zod'
import { calendarDay } from '../../../core/calendar/schemas.ts'
import { defaultClinicCode } from '../../../core/clinics/service.ts'
import { setOptedOut, updateContactDetails } from '../../../core/members/service.ts'
import { bindPhone } from '../../../core/miniprogram/phone-binding.ts'
import { mpClinics, mpMember, mpMemberById, requireMember } from '../../../core/miniprogram/service.ts'
import { loginWithCode, memberOfOpenid } from '../../../core/miniprogram/sessions.ts'
import { AppError } from '../../../platform/errors.ts'
import { route } from '../../http/route.ts'
import type { ServerDeps } from '../../app.ts'
import { mpClinicView, mpMemberView } from './schemas.ts'

const codeBody = z.object({ code: z.string().trim().min(1).max(128) })
const WECHAT_ERRORS = 'wechat_code_invalid (bad or reused code); with 429 wechat_rate_limited, 403 wechat_user_risky, 502 wechat_unavailable'

export const mpAccountRoutes = (deps: ServerDeps) => [
  route({
    method: 'post',
    path: '/api/mp/login',
    summary: 'Mini program login: the wx.login() code for a member token (and the member, once linked by phone or unionid)',
    tag: 'miniprogram',
    access: 'public',
    body: codeBody,
    responses: {
      200: z.object({ token: z.string(), expiresAt: z.string(), member: mpMemberView.nullable() }),
      401: WECHAT_ERRORS,
      403: 'wechat_user_risky',
      429: 'wechat_rate_limited',
      502: 'wechat_unavailable',
      503: 'mp_not_configured',
    },
    handler: async ({ body }) => {
      const { token, expiresAt, member } = await loginWithCode(deps, deps.mpApi, deps.memberSigner, body.code)
      return { token, expiresAt, member: member ? await mpMember(deps, member) : null }
    },
  }),
  route({
    method: 'post',
    path: '/api/mp/phone',
    summary: 'Binds the phone from the getPhoneNumber button: links the member holding it (a chat member, or one from a visit import), or creates one',
    tag: 'miniprogram',
    access: 'member',
    body: codeBody,
    responses: { 200: z.object({ member: mpMemberView, created: z.boolean() }), 401: WECHAT_ERRORS, 409: 'phone_taken', 422: 'phone_not_mainland' },
    handler: async ({ body, member: principal }) => {
      if (!deps.mpApi) throw new AppError('mp_not_configured', 503, 'The mini program is not set up on this server.')
      const homeClinic = defaultClinicCode(deps.config, await mpClinics(deps))
      const { member, created } = await bindPhone(deps, deps.mpApi, principal!, body.code, homeClinic)
      return { member: await mpMember(deps, member), created }
    },
  }),
  route({
    method: 'get',
    path: '/api/mp/me',
    summary: 'The logged-in member (null before the phone is bound)',
    tag: 'miniprogram',
    access: 'member',
    responses: { 200: z.object({ member: mpMemberView.nullable() }) },
    handler: async ({ member: principal }) => {
      const doc = await memberOfOpenid(deps, principal!.openid)
      return { member: doc ? await mpMember(deps, doc) : null }
    },
  }),
  route({
    method: 'post',
    path: '/api/mp/me',
    summary: 'The member changes their name or birthday (生日 greetings)',
    tag: 'miniprogram',
    access: 'member',
    body: z.object({ name: z.string().max(40).optional(), birthday: calendarDay.optional() }),
    responses: { 200: z.object({ member: mpMemberView }), 400: 'invalid_birthday: a day after today', 403: 'member_required' },
    handler: async ({ body, member: principal }) => {
      const memberId = requireMember(principal)
      await updateContactDetails(deps, memberId, body)
      return { member: await mpMemberById(deps, memberId) }
    },
  }),
  route({
    method: 'post',
    path: '/api/mp/me/opt-out',
    summary: '退订 / 恢复: no greetings or marketing messages while opted out (service answers still come)',
    tag: 'miniprogram',
    access: 'member',
    body: z.object({ optedOut: z.boolean() }),
    responses: { 200: z.object({ member: mpMemberView }), 403: 'member_required' },
    handler: async ({ body, member: principal }) => {
      const memberId = requireMember(principal)
      await setOptedOut(deps, memberId, body.optedOut)
      return { member: await mpMemberById(deps, memberId) }
    },
  }),
  route({
    method: 'get',
    path: '/api/mp/clinics',
    summary: 'The clinics, with phone, hours, address and map location',
    tag: 'miniprogram',
    access: 'member',
    responses: { 200: z.object({ items: z.array(mpClinicView) }) },
    handler: async () => ({ items: await mpClinics(deps) }),
  }),
]
