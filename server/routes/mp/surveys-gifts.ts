import { z } from 'zod'
import { answerMySurvey, mySurveys, redeemMyGift, requireMember } from '../../../core/miniprogram/service.ts'
import { listGifts } from '../../../core/points/gifts.ts'
import { memberBalance } from '../../../core/points/service.ts'
import { answerInput } from '../../../core/surveys/schemas.ts'
import { route } from '../../http/route.ts'
import type { ServerDeps } from '../../app.ts'
import { mpClinicView, mpSurveyView, objectIdParam } from './schemas.ts'

export const mpSurveyGiftRoutes = (deps: ServerDeps) => [
  route({
    method: 'get',
    path: '/api/mp/surveys',
    summary: '满意度调查: my open surveys with their questions',
    tag: 'miniprogram',
    access: 'member',
    responses: { 200: z.object({ items: z.array(mpSurveyView) }), 403: 'member_required' },
    handler: async ({ member }) => mySurveys(deps, requireMember(member)),
  }),
  route({
    method: 'post',
    path: '/api/mp/surveys/:id/answers',
    summary: 'Answers one of my surveys (all questions at once, or some); a low score or a request to be called reaches a supervisor',
    tag: 'miniprogram',
    access: 'member',
    params: objectIdParam,
    body: z.object({ answers: z.array(answerInput).min(1).max(30) }),
    responses: {
      200: z.object({ complete: z.boolean(), thanks: z.string().nullable() }),
      403: 'member_required',
      404: 'survey_not_found',
      409: 'survey_already_answered',
      410: 'survey_closed',
      422: 'invalid_answer, unknown_question, duplicate_answer',
    },
    handler: async ({ params, body, member }) => answerMySurvey(deps, requireMember(member), params.id, body.answers),
  }),
  route({
    method: 'get',
    path: '/api/mp/gifts',
    summary: '积分兑换: the gifts on offer with their points and stock, and my balance',
    tag: 'miniprogram',
    access: 'member',
    responses: {
      200: z.object({ balance: z.number().int(), items: z.array(z.object({ id: z.string(), name: z.string(), description: z.string(), pointsCost: z.number().int(), stock: z.number().int() })) }),
      403: 'member_required',
    },
    handler: async ({ member }) => {
      const memberId = requireMember(member)
      const [{ items }, balance] = await Promise.all([listGifts(deps, { limit: 100, offset: 0, activeOnly: true }), memberBalance(deps, memberId)])
      return { balance, items: items.map(({ id, name, description, pointsCost, stock }) => ({ id, name, description, pointsCost, stock })) }
    },
  }),
  route({
    method: 'post',
    path: '/api/mp/gifts/:id/redeem',
    summary: 'Redeems a gift for points; the home clinic’s staff are told to have it ready',
    tag: 'miniprogram',
    access: 'member',
    params: objectIdParam,
    responses: {
      200: z.object({ balance: z.number().int(), giftName: z.string(), pickUpAt: mpClinicView.nullable() }),
      403: 'member_required',
      404: 'gift_not_found',
      410: 'gift_unavailable, gift_out_of_stock',
      422: 'insufficient_points',
    },
    handler: async ({ params, member }) => redeemMyGift(deps, requireMember(member), params.id),
  }),
]
