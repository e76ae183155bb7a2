import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jobRunModel } from '../../platform/jobs/job-runs.ts'
import { acquireLease, releaseLease } from '../../platform/jobs/lease.ts'
import { jobLeaseKey } from '../../platform/jobs/scheduler.ts'
import { rateLimitModel, recordHit } from '../../platform/rate-limit.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'

const shanghaiTime = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso))

describe('the jobs API', () => {
  let app: TestApp
  let adminToken: string

  beforeAll(async () => {
    app = await startTestApp()
    adminToken = await app.login()
  })
  afterAll(() => app?.stop())

  it('GET /api/jobs lists each job with its cron, a next run in the future in the business time zone, and its last run', async () => {
    const before = await app.request('GET', '/api/jobs', { token: adminToken })
    expect(before.status).toBe(200)
    const prune = before.body.items.find((job: { name: string }) => job.name === 'platform.prune')
    expect(prune).toMatchObject({ name: 'platform.prune', cron: '17 3 * * *', description: expect.any(String), lastRun: null })
    expect(before.body.total).toBe(before.body.items.length)
    const nextRunAt = new Date(prune.nextRunAt).getTime()
    expect(nextRunAt).toBeGreaterThan(Date.now())
    expect(nextRunAt).toBeLessThanOrEqual(Date.now() + 24 * 3600_000)
    expect(shanghaiTime(prune.nextRunAt)).toBe('03:17')

    await app.request('POST', '/api/jobs/platform.prune/run', { token: adminToken })
    const after = await app.request('GET', '/api/jobs', { token: adminToken })
    const lastRun = after.body.items.find((job: { name: string }) => job.name === 'platform.prune').lastRun
    expect(lastRun).toMatchObject({ ok: true, error: null, result: expect.objectContaining({ jobRuns: expect.any(Number) }) })
    expect(new Date(lastRun.finishedAt).getTime()).toBeGreaterThanOrEqual(new Date(lastRun.startedAt).getTime())
  })

  it('supervisors, directors and marketing may read the job list; agents may not', async () => {
    for (const role of ['supervisor', 'director', 'marketing'] as const) {
      expect((await app.request('GET', '/api/jobs', { token: await app.staffToken([role]) })).status).toBe(200)
    }
    const agent = await app.request('GET', '/api/jobs', { token: await app.staffToken(['agent']) })
    expect(agent.status).toBe(403)
  })

  it('POST /api/jobs/:name/run with `now` runs the job as if the clock said that time', async () => {
    const windowMs = 15 * 60_000
    await recordHit(app.deps.db, 'test:ended-before', windowMs, new Date('2026-11-24T01:00:00Z')) // window ends 01:15Z
    await recordHit(app.deps.db, 'test:ends-after', windowMs, new Date('2026-11-24T02:05:00Z')) // window ends 02:15Z
    const JobRun = jobRunModel(app.deps.db)
    const base = { trigger: 'manual', instanceId: 'elsewhere', ok: true, finishedAt: new Date('2026-08-01T00:00:00Z') }
    await JobRun.create({ ...base, name: 'test.91-days-old', asOf: new Date('2026-08-25T01:00:00Z'), startedAt: new Date('2026-08-25T01:00:00Z') })
    await JobRun.create({ ...base, name: 'test.89-days-old', asOf: new Date('2026-08-27T01:00:00Z'), startedAt: new Date('2026-08-27T01:00:00Z') })

    const res = await app.request('POST', '/api/jobs/platform.prune/run', { token: adminToken, body: { now: '2026-11-24T10:00:00+08:00' } })

    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ name: 'platform.prune', ok: true, result: { jobRuns: 1 } })
    expect(new Date(res.body.finishedAt).getTime()).toBeGreaterThanOrEqual(new Date(res.body.startedAt).getTime())
    const windows = await rateLimitModel(app.deps.db).find({ key: /^test:/ }).lean()
    expect(windows.map((w) => w.key)).toEqual(['test:ends-after'])
    expect(await JobRun.exists({ name: 'test.91-days-old' })).toBeNull()
    expect(await JobRun.exists({ name: 'test.89-days-old' })).not.toBeNull()
    const recorded = await JobRun.findOne({ name: 'platform.prune', asOf: new Date('2026-11-24T02:00:00Z') }).lean()
    expect(recorded).toMatchObject({ trigger: 'manual', ok: true, instanceId: app.scheduler.instanceId })
  })

  it('an unknown job name is a 404', async () => {
    const res = await app.request('POST', '/api/jobs/surveys.nonexistent/run', { token: adminToken })
    expect(res.status).toBe(404)
    expect(res.body.error.code).toBe('unknown_job')
  })

  it('a `now` that is not an ISO 8601 time with offset is a 400', async () => {
    for (const now of ['tomorrow', '2026-11-24T10:00:00', 42]) {
      const res = await app.request('POST', '/api/jobs/platform.prune/run', { token: adminToken, body: { now } })
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('validation_failed')
    }
  })

  it('a `now` outside the years the calendars know (1901–2099), or a time that does not exist, is a 422 invalid_date', async () => {
    for (const now of ['0288-03-01T10:00:00+08:00', '1572-06-01T10:00:00Z', '2100-01-01T00:00:00+08:00', '2026-02-30T10:00:00+08:00', '2026-11-24T24:30:00+08:00']) {
      const res = await app.request('POST', '/api/jobs/platform.prune/run', { token: adminToken, body: { now } })
      expect(res.status, now).toBe(422)
      expect(res.body.error.code).toBe('invalid_date')
    }
  })

  it('only an admin may run a job', async () => {
    for (const role of ['supervisor', 'marketing'] as const) {
      const res = await app.request('POST', '/api/jobs/platform.prune/run', { token: await app.staffToken([role]) })
      expect(res.status).toBe(403)
    }
    expect((await app.request('POST', '/api/jobs/platform.prune/run')).status).toBe(401)
  })

  it('a job that is running (its lease held, e.g. by another instance) answers 409 job_running', async () => {
    const key = jobLeaseKey('platform.prune')
    expect(await acquireLease(app.deps.db, key, 'another-instance', 60_000)).toBe(true)
    try {
      const res = await app.request('POST', '/api/jobs/platform.prune/run', { token: adminToken })
      expect(res.status).toBe(409)
      expect(res.body.error.code).toBe('job_running')
    } finally {
      await releaseLease(app.deps.db, key, 'another-instance')
    }
  })

  it('the OpenAPI document describes the jobs routes', async () => {
    const { body } = await app.request('GET', '/api/openapi.json')
    expect(body.paths['/api/jobs'].get.responses).toHaveProperty('200')
    expect(body.paths['/api/jobs/{name}/run'].post.responses).toHaveProperty('409')
  })
})
