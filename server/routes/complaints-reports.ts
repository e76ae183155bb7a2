import { z } from 'zod'
import { businessDay } from '../../platform/clock.ts'
import { CASE_MANAGERS, CASE_RECORDERS, assertSeesClinic } from '../../core/complaints/access.ts'
import { listAlerts } from '../../core/complaints/alerts.ts'
import { listCalendarNotices } from '../../core/complaints/calendar-recompute.ts'
import { returnVisitDue } from '../../core/complaints/return-visits.ts'
import { alertView, alertsQuery, calendarNoticeView, returnVisitsQuery, statsQuery, statsView } from '../../core/complaints/schemas.ts'
import { complaintStats } from '../../core/complaints/stats.ts'
import { STATS_SHEET_NAME, statsFileName, statsWorkbook } from '../../core/complaints/stats-xlsx.ts'
import { route, XLSX } from '../http/route.ts'
import { sendXlsx } from '../http/xlsx-download.ts'
import type { ServerDeps } from '../app.ts'

/** The clinics a list may cover: the one asked for (if the staff member sees it), else all of theirs. */
function clinicScope(staff: { clinicCodes: string[] }, clinicCode?: string): string[] {
  if (!clinicCode) return staff.clinicCodes
  assertSeesClinic(staff, clinicCode)
  return [clinicCode]
}

/** Complaint reports and work lists; mounted before `/api/complaints/:number` so their paths are not read as case numbers. */
export const complaintReportRoutes = (deps: ServerDeps) => [
  route({
    method: 'get',
    path: '/api/complaints/stats',
    summary: '患者投诉案件统计表: per clinic and month of receipt — by channel, category, severity; on-time first contact and closing; refunds. `format=xlsx` answers the spreadsheet',
    tag: 'complaints',
    access: CASE_MANAGERS,
    query: statsQuery,
    responses: { 200: { description: 'Figures per clinic and month (JSON), or the .xlsx file with `format=xlsx`', json: statsView, media: [XLSX] }, 403: 'Not one of your clinics' },
    handler: async ({ query, staff, ctx }) => {
      const today = businessDay(deps.clock.now())
      const from = query.from ?? `${today.slice(0, 7)}-01`
      const to = query.to ?? today
      const stats = await complaintStats(deps, { from, to, clinicCodes: clinicScope(staff!, query.clinicCode) })
      if (query.format === 'json') return stats
      await sendXlsx(ctx, { ascii: statsFileName(stats), chinese: `${STATS_SHEET_NAME}_${from}_${to}.xlsx` }, statsWorkbook(stats))
    },
  }),
  route({
    method: 'get',
    path: '/api/complaints/alerts',
    summary: 'Deadline alerts fired by the hourly job (near: ≤ 4 h left; overdue), newest first',
    tag: 'complaints',
    access: CASE_MANAGERS,
    query: alertsQuery,
    responses: { 200: z.object({ items: z.array(alertView), total: z.number() }), 403: 'Not one of your clinics' },
    handler: ({ query, staff }) => {
      const clinicCodes = clinicScope(staff!, query.clinicCode)
      return listAlerts(deps, { ...query, clinicCode: undefined, clinicCodes })
    },
  }),
  route({
    method: 'get',
    path: '/api/complaints/calendar-notices',
    summary: 'Notices to supervisors: the cases whose deadlines moved when an admin entered a year’s holiday calendar, one per clinic and calendar version, newest first',
    tag: 'complaints',
    access: CASE_MANAGERS,
    query: z.object({ clinicCode: z.string().max(16).optional(), limit: z.coerce.number().int().min(1).max(100).default(20), offset: z.coerce.number().int().min(0).default(0) }),
    responses: { 200: z.object({ items: z.array(calendarNoticeView), total: z.number() }), 403: 'Not one of your clinics' },
    handler: ({ query, staff }) => listCalendarNotices(deps, { clinicCodes: clinicScope(staff!, query.clinicCode), limit: query.limit, offset: query.offset }),
  }),
  route({
    method: 'get',
    path: '/api/complaints/return-visits',
    summary: '投诉回访 due: closed cases a day or more after closing whose return visit is not recorded',
    tag: 'complaints',
    access: CASE_RECORDERS,
    query: returnVisitsQuery,
    responses: { 200: z.object({ items: z.array(z.object({ number: z.string(), clinicCode: z.string(), memberId: z.string().nullable(), customerName: z.string(), closedAt: z.string() })), total: z.number() }), 403: 'Not one of your clinics' },
    handler: async ({ query, staff }) => {
      const items = await returnVisitDue(deps, deps.clock.now(), { clinicCodes: clinicScope(staff!, query.clinicCode) })
      return { items, total: items.length }
    },
  }),
]
