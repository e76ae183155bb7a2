import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Deps } from '../../platform/deps.ts'
import { jobRunModel } from '../../platform/jobs/job-runs.ts'
import type { JobContext, JobDefinition } from '../../platform/jobs/registry.ts'
import { createScheduler, fireKeyOf, type Scheduler } from '../../platform/jobs/scheduler.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A test-only job that records every run; `hold` keeps a run going until released. */
function recordingJob(name: string, options: { cron?: string; hold?: Promise<void>; fail?: string } = {}) {
  const runs: Array<{ ctxNow: Date; clockNow: Date }> = []
  const job: JobDefinition = {
    name,
    cron: options.cron ?? '0 0 1 1 *',
    description: 'test job',
    async run(deps: Deps, ctx: JobContext) {
      runs.push({ ctxNow: ctx.now, clockNow: deps.clock.now() })
      await options.hold
      if (options.fail) throw new Error(options.fail)
      return { run: runs.length }
    },
  }
  return { job, runs }
}

function gate() {
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { opened, open }
}

async function until(condition: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await sleep(10)
  }
}

describe('the job scheduler on two instances sharing one database', () => {
  let a: TestApp
  let b: TestApp
  const schedulers: Scheduler[] = []
  const schedule = (app: TestApp, jobs: JobDefinition[]) => {
    const scheduler = createScheduler({ deps: app.deps, jobs })
    schedulers.push(scheduler)
    return scheduler
  }

  beforeAll(async () => {
    a = await startTestApp({ dbName: 'jobs_shared', env: { JOBS_ENABLED: 'true' } })
    b = await startTestApp({ dbName: 'jobs_shared', env: { JOBS_ENABLED: 'true' } })
  })
  afterAll(async () => {
    await Promise.all(schedulers.map((s) => s.stop()))
    await Promise.all([a?.stop(), b?.stop()])
  })

  it('a job due at the same moment on both instances runs once per scheduled fire', async () => {
    const onA = recordingJob('test.every-second', { cron: '* * * * * *' })
    const onB = recordingJob('test.every-second', { cron: '* * * * * *' })
    const both = [schedule(a, [onA.job]), schedule(b, [onB.job])]
    both.forEach((s) => s.start())
    await sleep(3500)
    await Promise.all(both.map((s) => s.stop()))

    const rows = await jobRunModel(a.deps.db).find({ name: 'test.every-second' }).lean<Array<{ fireKey: string; trigger: string; ok: boolean }>>()
    const fires = new Set(rows.map((row) => row.fireKey))
    expect(fires.size).toBeGreaterThanOrEqual(3)
    expect(onA.runs.length + onB.runs.length).toBe(fires.size)
    expect(rows).toHaveLength(fires.size)
    expect(rows.every((row) => row.trigger === 'cron' && row.ok)).toBe(true)
  })

  it('a fire that another instance has already run is not run again, however late this instance ticks', async () => {
    const firstFire = Math.ceil(Date.now() / 1000) * 1000
    const fires = Array.from({ length: 5 }, (_, i) => new Date(firstFire + i * 1000))
    const finishedElsewhere = { trigger: 'cron', instanceId: 'elsewhere', ok: true, result: null }
    await jobRunModel(a.deps.db).insertMany(
      fires.map((at) => ({ ...finishedElsewhere, name: 'test.ran-elsewhere', fireKey: fireKeyOf('test.ran-elsewhere', at), asOf: at, startedAt: at, finishedAt: at })),
    )
    const late = recordingJob('test.ran-elsewhere', { cron: '* * * * * *' })
    const scheduler = schedule(a, [late.job])
    scheduler.start()
    await sleep(fires[3].getTime() - Date.now())
    await scheduler.stop()
    expect(late.runs).toHaveLength(0)
  })

  it('while a job runs on one instance, a manual run on the other is refused with 409 job_running', async () => {
    const hold = gate()
    const onA = recordingJob('test.slow', { hold: hold.opened })
    const onB = recordingJob('test.slow')
    const [schedulerA, schedulerB] = [schedule(a, [onA.job]), schedule(b, [onB.job])]
    const first = schedulerA.runNow('test.slow')
    await until(() => onA.runs.length === 1)

    await expect(schedulerB.runNow('test.slow')).rejects.toMatchObject({ code: 'job_running', status: 409 })
    await expect(schedulerA.runNow('test.slow')).rejects.toMatchObject({ code: 'job_running', status: 409 })
    hold.open()
    expect(await first).toMatchObject({ name: 'test.slow', ok: true, result: { run: 1 } })
    expect(onB.runs).toHaveLength(0)
    expect(await schedulerB.runNow('test.slow')).toMatchObject({ ok: true }) // free again once finished
  })

  it('a run "as of" a given time sees that time both in ctx.now and through deps.clock', async () => {
    const recorded = recordingJob('test.as-of')
    const asOf = new Date('2026-12-04T02:00:00Z') // a Friday, 10:00 in Shanghai
    await schedule(a, [recorded.job]).runNow('test.as-of', asOf)
    const [{ ctxNow, clockNow }] = recorded.runs
    expect(ctxNow).toEqual(asOf)
    expect(clockNow.getTime() - asOf.getTime()).toBeGreaterThanOrEqual(0)
    expect(clockNow.getTime() - asOf.getTime()).toBeLessThan(1000)
  })

  it('a failing job is recorded with ok false and its message, and can run again', async () => {
    const failing = recordingJob('test.failing', { fail: 'no clinics reachable' })
    const scheduler = schedule(a, [failing.job])
    const outcome = await scheduler.runNow('test.failing')
    expect(outcome).toMatchObject({ ok: false, error: 'no clinics reachable', result: null })
    const [summary] = await scheduler.listJobs()
    expect(summary.lastRun).toMatchObject({ ok: false, error: 'no clinics reachable' })
    expect(summary.lastRun!.finishedAt).toBeInstanceOf(Date)
    expect((await scheduler.runNow('test.failing')).ok).toBe(false)
    expect(failing.runs).toHaveLength(2)
  })

  it('stop() waits for the job under way to finish, and no run starts after it', async () => {
    const hold = gate()
    const slow = recordingJob('test.stop-waits', { hold: hold.opened })
    const scheduler = schedule(a, [slow.job])
    const run = scheduler.runNow('test.stop-waits')
    await until(() => slow.runs.length === 1)

    let stopped = false
    const stopping = scheduler.stop().then(() => (stopped = true))
    await sleep(200)
    expect(stopped).toBe(false)
    await expect(scheduler.runNow('test.stop-waits')).rejects.toMatchObject({ status: 503 })

    hold.open()
    await stopping
    expect((await run).ok).toBe(true)
    const row = await jobRunModel(a.deps.db).findOne({ name: 'test.stop-waits' }).lean<{ finishedAt: Date | null }>()
    expect(row!.finishedAt).toBeInstanceOf(Date)
  })

  it('an unknown job name is refused with 404 unknown_job', async () => {
    await expect(schedule(a, []).runNow('test.nothing')).rejects.toMatchObject({ code: 'unknown_job', status: 404 })
  })

  it('a duplicate job name, a bad name or a bad cron expression stops the scheduler from being created', () => {
    const job = recordingJob('test.dup').job
    expect(() => createScheduler({ deps: a.deps, jobs: [job, job] })).toThrow(/registered twice/)
    expect(() => createScheduler({ deps: a.deps, jobs: [{ ...job, name: 'NoArea' }] })).toThrow(/must look like/)
    expect(() => createScheduler({ deps: a.deps, jobs: [{ ...job, cron: '61 * * * *' }] })).toThrow(/invalid cron/)
  })
})
