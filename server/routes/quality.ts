import { z } from 'zod'
import { addDays } from '../../core/calendar/days.ts'
import { calendarDay } from '../../core/calendar/schemas.ts'
import { agentKpis } from '../../core/quality/kpis.ts'
import { kpiWorkbook } from '../../core/quality/kpis-xlsx.ts'
import { QUALITY_READERS, REVIEWERS, TOPIC_EDITORS, TOPIC_READERS, seesOnlyOwnFigures } from '../../core/quality/access.ts'
import { getReview, listReviews, replyToReview, scoreReview } from '../../core/quality/reviews.ts'
import { clinicScope } from '../../core/staff/clinic-scope.ts'
import { businessDay } from '../../platform/clock.ts'
import { badRequest } from '../../platform/errors.ts'
import { pageQuery, route } from '../http/route.ts'
import { sendXlsx } from '../http/xlsx-download.ts'
import type { ServerDeps } from '../app.ts'
import { kpiReportView, replyBody, reviewView, reviewWithChat, scoreBody, suggestionView, topicsView } from './quality-schemas.ts'
import { weeklyTopics } from '../../core/quality/topics.ts'
import { addSuggestion, listSuggestions, SUGGESTION_KINDS } from '../../core/quality/suggestions.ts'
import { INTENTS } from '../../core/nlu/intents.ts'

const idParams = z.object({ id: z.string().max(80) })

export const qualityRoutes = (deps: ServerDeps) => [
  route({
    method: 'get',
    path: '/api/quality/agents',
    summary: 'Agent KPIs per agent and per clinic over days (default: the 7 days ending today): chats, first response (p50/p90 in staffed hours, share within 1/3/10 min), handling time, transfers, releases, complaints recorded, ratings, review scores; an agent gets only their own row. `format=xlsx` answers the spreadsheet',
    tag: 'quality',
    access: QUALITY_READERS,
    query: z.object({ from: calendarDay.optional(), to: calendarDay.optional(), clinicCode: z.string().max(16).optional(), format: z.enum(['json', 'xlsx']).default('json') }),
    responses: { 200: kpiReportView, 400: 'A bad day or a range over 366 days', 403: 'Not one of your clinics' },
    handler: async ({ query, staff, ctx }) => {
      const to = query.to ?? businessDay(deps.clock.now())
      const from = query.from ?? addDays(to, -6)
      if (from > to || addDays(from, 366) < to) throw badRequest('bad_period', 'from must not be after to, and the period at most a year.')
      const report = await agentKpis(deps, { from, to, clinicCodes: clinicScope(staff!, query.clinicCode), onlyAgentId: seesOnlyOwnFigures(staff!) ? staff!.id : undefined })
      if (query.format === 'json') return report
      await sendXlsx(ctx, { ascii: `agent-kpis-${from}-${to}.xlsx`, chinese: `客服绩效_${from}_${to}.xlsx` }, kpiWorkbook(report))
    },
  }),
  route({
    method: 'get',
    path: '/api/quality/reviews',
    summary: 'Reviews (质检): the queue and the scored ones of the reviewer’s clinics; an agent gets only their own scored reviews. `week` is the Monday of the week sampled',
    tag: 'quality',
    access: QUALITY_READERS,
    query: pageQuery.extend({ status: z.enum(['queued', 'scored']).optional(), week: calendarDay.optional(), agentId: z.string().max(40).optional(), clinicCode: z.string().max(16).optional() }),
    responses: { 200: z.object({ items: z.array(reviewView), total: z.number() }), 403: 'Not one of your clinics' },
    handler: ({ query, staff }) => listReviews(deps, staff!, query),
  }),
  route({
    method: 'get',
    path: '/api/quality/reviews/:id',
    summary: 'One review with the whole chat of its hand-off (phone and ID numbers masked)',
    tag: 'quality',
    access: QUALITY_READERS,
    params: idParams,
    responses: { 200: reviewWithChat, 404: 'No such review (or not yours to read)' },
    handler: ({ params, staff }) => getReview(deps, staff!, params.id),
  }),
  route({
    method: 'post',
    path: '/api/quality/reviews/:id',
    summary: 'Score the checklist (0–2 each: greeting and identity, empathy, correct information, problem solved, privacy, closing) with a comment',
    tag: 'quality',
    access: REVIEWERS,
    params: idParams,
    body: scoreBody,
    responses: { 200: reviewView, 404: 'No such review', 409: 'Scored already' },
    handler: ({ params, body, staff }) => scoreReview(deps, staff!, params.id, body),
  }),
  route({
    method: 'post',
    path: '/api/quality/reviews/:id/reply',
    summary: 'The reviewed agent’s reply to their review, once',
    tag: 'quality',
    access: QUALITY_READERS,
    params: idParams,
    body: replyBody,
    responses: { 200: reviewView, 404: 'No such review of yours', 409: 'Replied already', 422: 'Not scored yet' },
    handler: ({ params, body, staff }) => replyToReview(deps, staff!, params.id, body.text),
  }),
  route({
    method: 'get',
    path: '/api/quality/topics',
    summary: 'What customers ask most in the week (Mon–Sun) of `week` (any day of it; default this week): intent counts against the week before, hand-offs by reason, the misunderstanding rate, and the not-understood messages grouped by similarity',
    tag: 'quality',
    access: TOPIC_READERS,
    query: z.object({ week: calendarDay.optional(), clinicCode: z.string().max(16).optional() }),
    responses: { 200: topicsView, 403: 'Not one of your clinics' },
    handler: ({ query, staff }) => weeklyTopics(deps, { day: query.week ?? businessDay(deps.clock.now()), clinicCodes: clinicScope(staff!, query.clinicCode) }),
  }),
  route({
    method: 'get',
    path: '/api/quality/suggestions',
    summary: 'Answers added to the quick replies and messages added as intent examples (for the next training of the local model)',
    tag: 'quality',
    access: TOPIC_READERS,
    query: z.object({ kind: z.enum(SUGGESTION_KINDS).optional() }),
    responses: { 200: z.object({ items: z.array(suggestionView), total: z.number() }) },
    handler: ({ query }) => listSuggestions(deps, query.kind),
  }),
  route({
    method: 'post',
    path: '/api/quality/suggestions',
    summary: 'Add a not-understood message: with `answer` to the quick replies, or with `intent` as an example of that intent',
    tag: 'quality',
    access: TOPIC_EDITORS,
    body: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('quick_reply'), text: z.string().trim().min(1).max(500), answer: z.string().trim().min(1).max(2000) }),
      z.object({ kind: z.literal('intent_example'), text: z.string().trim().min(1).max(500), intent: z.enum(INTENTS) }),
    ]),
    responses: { 201: suggestionView, 409: 'Added already' },
    handler: async ({ body, staff }) => ({ status: 201, body: await addSuggestion(deps, staff!, body) }),
  }),
]
