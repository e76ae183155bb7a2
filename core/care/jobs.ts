import { businessDay } from '../../platform/clock.ts'
import type { Deps } from '../../platform/deps.ts'
import type { JobDefinition } from '../../platform/jobs/registry.ts'
import { deliveryCounts } from '../broadcasts/deliveries.ts'
import { driveRun, openRun } from '../broadcasts/dispatch.ts'
import { RUN_PLANNERS } from '../broadcasts/planners.ts'

/**
 * Plans the care schedule of the day `now` falls on as one run (`care:<day>`), so that a
 * member's programmes of one day combine into one greeting, and hands the first share to the
 * outbox; broadcasts.dispatch carries on from there. Idempotent: a second run of the same day
 * (another instance, a manual run) plans nothing new.
 */
export async function runCareDay(deps: Deps, now: Date) {
  const day = businessDay(now)
  const runId = `care:${day}`
  await openRun(deps, { _id: runId, kind: 'care', broadcastId: null, day, occurrenceAt: now, createdAt: now })
  const drive = await driveRun(deps, runId, { planners: RUN_PLANNERS })
  const counts = await deliveryCounts(deps, runId, 'go')
  return { day, runId, outcome: drive.outcome, planned: counts.planned, enqueued: drive.enqueued, massTask: counts.massTask, skipped: counts.skipped }
}

// Both jobs plan the whole day. On Fridays the daily programmes wait for 10:00 and go out combined
// with the Friday greeting, instead of a 09:30 message and a second one at 10:00.
export const careDailyJob: JobDefinition = {
  name: 'care.daily',
  cron: '30 9 * * 0-4,6',
  description: 'Care schedule of the day (not Fridays: care.friday plans those): day 1, month 1 and month 3 after joining, season starts, holidays and birthdays — one combined greeting per member, and birthday tasks for staff.',
  run: (deps, { now }) => runCareDay(deps, now),
}

export const careFridayJob: JobDefinition = {
  name: 'care.friday',
  cron: '0 10 * * 5',
  description: 'The Friday greeting (每周五) to every member, rotating through the library, combined with whatever else of the care schedule falls on that Friday.',
  run: (deps, { now }) => runCareDay(deps, now),
}

export const careJobs: JobDefinition[] = [careDailyJob, careFridayJob]
