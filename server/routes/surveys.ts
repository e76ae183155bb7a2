import { z } from 'zod'
import { addDays } from '../../core/calendar/days.ts'
import type { Role } from '../../core/staff/roles.ts'
import { completeFollowUp, listFollowUps, seesClinic } from '../../core/surveys/followups.ts'
import { listInvitations } from '../../core/surveys/invitations.ts'
import { surveyReport } from '../../core/surveys/report.ts'
import { reportFileName, reportWorkbook } from '../../core/surveys/report-xlsx.ts'
import {
  followUpDoneBody,
  followUpParams,
  followUpsQuery,
  followUpView,
  invitationsQuery,
  invitationView,
  reportQuery,
  templateKeyParams,
  templateUpdateBody,
  templateView,
  surveyReportView,
  weeklyReportsView,
} from '../../core/surveys/schemas.ts'
import { listTemplates, updateTemplate } from '../../core/surveys/templates.ts'
import { listWeeklyReports } from '../../core/surveys/weekly.ts'
import { businessDay } from '../../platform/clock.ts'
import { forbidden } from '../../platform/errors.ts'
import { pageQuery, route, XLSX } from '../http/route.ts'
import { sendXlsx } from '../http/xlsx-download.ts'
import type { ServerDeps } from '../app.ts'

/** Who runs the surveys: 客服主任, 客服总监/院长, admins. Agents may read templates and invitations. */
const SURVEY_MANAGERS = ['supervisor', 'director', 'admin'] as const satisfies readonly Role[]
const SURVEY_READERS = ['agent', 'supervisor', 'director', 'admin', 'marketing'] as const satisfies readonly Role[]

const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number() })

export const surveyRoutes = (deps: ServerDeps) => [
  route({
    method: 'get',
    path: '/api/surveys/templates',
    summary: 'The current version of each survey template: the visit surveys (no_spend, non_surgical, surgical) and the later touchpoints',
    tag: 'surveys',
    access: SURVEY_READERS,
    responses: { 200: list(templateView) },
    handler: () => listTemplates(deps),
  }),
  route({
    method: 'put',
    path: '/api/surveys/templates/:key',
    summary: 'Edit a template: writes its next version (3–5 questions); invitations already sent keep the version they were sent with',
    tag: 'surveys',
    access: SURVEY_MANAGERS,
    params: templateKeyParams,
    body: templateUpdateBody,
    responses: { 200: templateView, 422: 'A rule is not met (no score question, a choice without options…)' },
    handler: ({ params, body, staff }) => updateTemplate(deps, params.key, body, staff!),
  }),
  route({
    method: 'get',
    path: '/api/surveys/invitations',
    summary: 'Survey invitations, newest first, with their answers and overall score; `skipped` ones carry the reason they were not sent',
    tag: 'surveys',
    access: ['agent', 'supervisor', 'director', 'admin'],
    query: invitationsQuery,
    responses: { 200: list(invitationView) },
    handler: ({ query, staff }) => listInvitations(deps, staff!, query),
  }),
  route({
    method: 'get',
    path: '/api/surveys/followups',
    summary: "Supervisors' call backs after a low score, a request to be called or a comment describing a problem; staff with clinics see theirs",
    tag: 'surveys',
    access: SURVEY_MANAGERS,
    query: followUpsQuery,
    responses: { 200: list(followUpView) },
    handler: ({ query, staff }) => listFollowUps(deps, staff!, query),
  }),
  route({
    method: 'post',
    path: '/api/surveys/followups/:id/done',
    summary: 'Record the call back with a note; 409 when it is done already, 404 for another clinic’s',
    tag: 'surveys',
    access: SURVEY_MANAGERS,
    params: followUpParams,
    body: followUpDoneBody,
    responses: { 200: followUpView, 404: 'Unknown follow-up (or another clinic’s)', 409: 'Already done' },
    handler: ({ params, body, staff }) => completeFollowUp(deps, staff!, params.id, body.note),
  }),
  route({
    method: 'get',
    path: '/api/surveys/report',
    summary: 'Satisfaction figures per clinic and survey type over plan days (default: the 7 days ending today): invitations, responses, rate, average score, 1–5 distribution, promoters/passives/detractors, low scores with their follow-up, comments. `format=xlsx` answers the spreadsheet',
    tag: 'surveys',
    access: SURVEY_MANAGERS,
    query: reportQuery,
    responses: { 200: { description: 'The figures (JSON), or the .xlsx file with `format=xlsx`', json: surveyReportView, media: [XLSX] }, 403: 'Not one of your clinics' },
    handler: async ({ query, staff, ctx }) => {
      const to = query.to ?? businessDay(deps.clock.now())
      const from = query.from ?? addDays(to, -6)
      if (query.clinicCode && !seesClinic(staff!, query.clinicCode)) throw forbidden(`You work for ${staff!.clinicCodes.join(', ')}, not ${query.clinicCode}.`)
      const clinicCodes = query.clinicCode ? [query.clinicCode] : staff!.clinicCodes
      const report = await surveyReport(deps, { from, to, clinicCodes })
      if (query.format === 'json') return report
      await sendXlsx(ctx, reportFileName(report), reportWorkbook(report))
    },
  }),
  route({
    method: 'get',
    path: '/api/surveys/reports',
    summary: 'The stored Friday reports (周报), newest first, with their Chinese summary',
    tag: 'surveys',
    access: SURVEY_MANAGERS,
    query: pageQuery,
    responses: { 200: weeklyReportsView },
    handler: ({ query }) => listWeeklyReports(deps, query),
  }),
]
