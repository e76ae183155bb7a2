import { z } from 'zod'
import { addDays } from '../../core/calendar/days.ts'
import { calendarDay } from '../../core/calendar/schemas.ts'
import { agentKpis } from '../../core/quality/kpis.ts'
import { kpiWorkbook } from '../../core/quality/kpis-xlsx.ts'
import { QUALITY_READERS, seesOnlyOwnFigures } from '../../core/quality/access.ts'
import { clinicScope } from '../../core/staff/clinic-scope.ts'
import { businessDay } from '../../platform/clock.ts'
import { badRequest } from '../../platform/errors.ts'
import { route } from '../http/route.ts'
import type { ServerDeps } from '../app.ts'
import { kpiReportView } from './quality-schemas.ts'

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

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
      ctx.set('Content-Type', XLSX_TYPE)
      ctx.set('Content-Disposition', `attachment; filename="agent-kpis-${from}-${to}.xlsx"; filename*=UTF-8''${encodeURIComponent(`客服绩效_${from}_${to}.xlsx`)}`)
      ctx.body = await kpiWorkbook(report)
    },
  }),
]
