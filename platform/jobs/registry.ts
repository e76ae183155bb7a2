import cron from 'node-cron'
import type { Deps } from '../deps.ts'

export interface JobContext {
  /** The business time the job runs as: the clock's time, or the `now` given to a manual run. */
  now: Date
}

/** A scheduled job; each area exports its own from core/<area>/jobs.ts and lists them in core/jobs.ts. */
export interface JobDefinition {
  /** Stable `<area>.<job>` name (the API path segment and the lease key); the contract fixes the names. */
  name: string
  /** node-cron expression (an optional seconds field first) read in the business time zone. */
  cron: string
  description: string
  /** Does the work as of `ctx.now` and answers a small JSON summary, e.g. `{ planned: 12 }`. */
  run(deps: Deps, ctx: JobContext): Promise<unknown>
}

const JOB_NAME = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/

/** Jobs by name; a duplicate name or a bad expression stops the start instead of failing at 3 a.m. */
export function jobsByName(jobs: readonly JobDefinition[]): Map<string, JobDefinition> {
  const byName = new Map<string, JobDefinition>()
  for (const job of jobs) {
    if (!JOB_NAME.test(job.name)) throw new Error(`Job name "${job.name}" must look like "area.job-name".`)
    if (byName.has(job.name)) throw new Error(`Job "${job.name}" is registered twice.`)
    if (!cron.validate(job.cron)) throw new Error(`Job "${job.name}" has an invalid cron expression "${job.cron}".`)
    byName.set(job.name, job)
  }
  return byName
}
