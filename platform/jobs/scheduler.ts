import cron, { type Logger as CronLogger, type ScheduledTask, type TaskContext } from 'node-cron'
import type { Clock } from '../clock.ts'
import type { Deps } from '../deps.ts'
import { AppError, conflict, notFound } from '../errors.ts'
import type { Logger } from '../log.ts'
import { lastRuns, recordRunFinished, recordRunStarted, type JobRunStart, type JobTrigger, type LastJobRun } from './job-runs.ts'
import { newHolderId, withLease } from './lease.ts'
import { jobsByName, type JobDefinition } from './registry.ts'

export interface JobRunOutcome {
  name: string
  ok: boolean
  result: unknown
  error: string | null
  startedAt: Date
  finishedAt: Date
}

export interface JobSummary {
  name: string
  cron: string
  description: string
  nextRunAt: Date | null
  lastRun: LastJobRun | null
}

export interface Scheduler {
  readonly instanceId: string
  /** Arms the cron timers (only where JOBS_ENABLED); runNow and listJobs work without it. */
  start(): void
  /** Disarms the timers, refuses new runs, and waits for the runs under way. */
  stop(): Promise<void>
  /** Runs a job once, as of `now` (default: the clock); 404 unknown name, 409 while it runs anywhere. */
  runNow(name: string, now?: Date): Promise<JobRunOutcome>
  listJobs(): Promise<JobSummary[]>
}

export interface SchedulerOptions {
  deps: Deps
  jobs: readonly JobDefinition[]
  /** How long a run's lease lasts without renewal, i.e. how soon another instance may take over from a crashed one. */
  leaseTtlMs?: number
}

export const jobLeaseKey = (name: string) => `job:${name}`

/** Names one scheduled fire of a job; every instance computes the same key for the same fire. */
export const fireKeyOf = (name: string, scheduledAt: Date) => `${name}@${scheduledAt.toISOString()}`

type RunAttempt = JobRunOutcome | 'held elsewhere' | 'fire already run'

/**
 * node-cron ticks on every instance; a tick only tries the job's lease, and each scheduled fire is
 * recorded under a unique key, so the job runs once per fire however many instances there are,
 * even when one instance ticks after another has already finished that fire.
 */
export function createScheduler({ deps, jobs, leaseTtlMs = 60_000 }: SchedulerOptions): Scheduler {
  const byName = jobsByName(jobs)
  const instanceId = newHolderId()
  const running = new Set<Promise<unknown>>()
  let stopping = false

  const tasks = new Map<string, ScheduledTask>()
  for (const job of byName.values()) {
    const task = cron.createTask(job.cron, (ctx) => onTick(job, ctx), {
      name: job.name,
      timezone: deps.config.TZ,
      noOverlap: true,
      logger: cronLogger(deps.log),
    })
    tasks.set(job.name, task)
  }

  function track<T>(work: Promise<T>): Promise<T> {
    running.add(work)
    work.then(
      () => running.delete(work),
      () => running.delete(work),
    )
    return work
  }

  async function attempt(job: JobDefinition, trigger: JobTrigger, now: Date, jobDeps: Deps, fireKey?: string): Promise<RunAttempt> {
    const outcome = await withLease(
      deps,
      jobLeaseKey(job.name),
      leaseTtlMs,
      async (): Promise<RunAttempt> => {
        const started: JobRunStart = { name: job.name, trigger, instanceId, asOf: now, startedAt: new Date(), ...(fireKey ? { fireKey } : {}) }
        const id = await recordRunStarted(deps.db, started)
        if (!id) return 'fire already run'
        let ok = true
        let result: unknown = null
        let error: string | null = null
        try {
          result = (await job.run(jobDeps, { now })) ?? null
        } catch (err) {
          deps.log.error({ err, job: job.name, trigger }, 'job failed')
          ok = false
          error = err instanceof Error ? err.message : String(err)
        }
        const finishedAt = new Date()
        await recordRunFinished(deps.db, id, started, { finishedAt, ok, result, error })
        deps.log.info({ job: job.name, trigger, ok, ms: finishedAt.getTime() - started.startedAt.getTime() }, 'job ran')
        return { name: job.name, ok, result, error, startedAt: started.startedAt, finishedAt }
      },
      newHolderId(instanceId),
    )
    return outcome.acquired ? outcome.value : 'held elsewhere'
  }

  async function onTick(job: JobDefinition, ctx: TaskContext) {
    if (stopping) return
    const fireKey = fireKeyOf(job.name, ctx.date)
    try {
      const outcome = await track(attempt(job, 'cron', deps.clock.now(), deps, fireKey))
      if (typeof outcome === 'string') deps.log.debug({ job: job.name, fireKey, outcome }, 'cron tick skipped')
    } catch (err) {
      deps.log.error({ err, job: job.name }, 'cron tick failed')
    }
  }

  return {
    instanceId,
    start() {
      if (stopping) throw new Error('a stopped scheduler cannot be started again')
      for (const task of tasks.values()) void task.start()
    },
    async stop() {
      stopping = true
      await Promise.all([...tasks.values()].map((task) => task.destroy()))
      await Promise.allSettled([...running])
    },
    async runNow(name, now) {
      const job = byName.get(name)
      if (!job) throw notFound('unknown_job', `There is no job named "${name}".`)
      if (stopping) throw new AppError('shutting_down', 503, 'This instance is shutting down; please try again.')
      // The services a job calls read deps.clock, so a run "as of now" moves their clock too.
      const jobDeps = now ? { ...deps, clock: clockStartingAt(now) } : deps
      const outcome = await track(attempt(job, 'manual', now ?? deps.clock.now(), jobDeps))
      if (typeof outcome === 'string') throw conflict('job_running', `Job "${name}" is already running; try again when it has finished.`)
      return outcome
    },
    async listJobs() {
      const last = await lastRuns(deps.db, [...byName.keys()])
      return [...byName.values()].map((job) => ({
        name: job.name,
        cron: job.cron,
        description: job.description,
        // node-cron reads the expression in the task's time zone (config.TZ) and counts from the wall clock, when the timer fires.
        nextRunAt: tasks.get(job.name)!.getNextRuns(1)[0] ?? null,
        lastRun: last.get(job.name) ?? null,
      }))
    },
  }
}

/** A clock that starts at `start` and then moves with real time, so durations inside a run stay true. */
function clockStartingAt(start: Date): Clock {
  const offsetMs = start.getTime() - Date.now()
  return { now: () => new Date(Date.now() + offsetMs) }
}

function cronLogger(log: Logger): CronLogger {
  return {
    info: (message) => log.info({ source: 'node-cron' }, message),
    warn: (message) => log.warn({ source: 'node-cron' }, message),
    error: (message, err) => log.error({ source: 'node-cron', err: err ?? message }, String(message)),
    debug: (message, err) => log.debug({ source: 'node-cron', err }, String(message)),
  }
}
