import { z } from 'zod'
import { calendarInstant } from '../../core/calendar/schemas.ts'
import type { LastJobRun } from '../../platform/jobs/job-runs.ts'
import type { JobRunOutcome, JobSummary } from '../../platform/jobs/scheduler.ts'
import { pageQuery, route } from '../http/route.ts'
import type { ServerDeps } from '../app.ts'

const instant = z.string().describe('ISO 8601 instant')

const lastRunView = z.object({
  startedAt: instant,
  finishedAt: instant.nullable(),
  ok: z.boolean().nullable(),
  result: z.unknown(),
  error: z.string().nullable(),
})

const jobView = z.object({
  name: z.string(),
  cron: z.string(),
  description: z.string(),
  nextRunAt: instant.nullable(),
  lastRun: lastRunView.nullable(),
})

const runView = z.object({ name: z.string(), ok: z.boolean(), result: z.unknown(), error: z.string().nullable(), startedAt: instant, finishedAt: instant })

const runBody = z.object({
  now: calendarInstant.optional().describe('Run as if the clock said this (ISO 8601 with offset)'),
})

const iso = (at: Date | null) => at?.toISOString() ?? null

const presentLastRun = (run: LastJobRun) => ({ ...run, startedAt: run.startedAt.toISOString(), finishedAt: iso(run.finishedAt) })

const presentJob = (job: JobSummary) => ({ ...job, nextRunAt: iso(job.nextRunAt), lastRun: job.lastRun && presentLastRun(job.lastRun) })

const presentRun = (run: JobRunOutcome) => ({ ...run, startedAt: run.startedAt.toISOString(), finishedAt: run.finishedAt.toISOString() })

export const jobRoutes = ({ scheduler }: ServerDeps) => [
  route({
    method: 'get',
    path: '/api/jobs',
    summary: 'Scheduled jobs with their next run and last run',
    tag: 'jobs',
    access: ['admin', 'supervisor', 'director', 'marketing'],
    query: pageQuery,
    responses: { 200: z.object({ items: z.array(jobView), total: z.number() }) },
    handler: async ({ query }) => {
      const jobs = await scheduler.listJobs()
      return { items: jobs.slice(query.offset, query.offset + query.limit).map(presentJob), total: jobs.length }
    },
  }),
  route({
    method: 'post',
    path: '/api/jobs/:name/run',
    summary: 'Run a job once now, optionally as if the clock said `now`',
    tag: 'jobs',
    access: ['admin'],
    params: z.object({ name: z.string() }),
    body: runBody,
    responses: { 200: runView, 404: 'Unknown job', 409: 'The job is running (here or on another instance)' },
    handler: async ({ params, body }) => presentRun(await scheduler.runNow(params.name, body.now)),
  }),
]
