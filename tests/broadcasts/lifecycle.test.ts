import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { outboxModel } from '../../platform/outbox/model.ts'
import { fixedClock } from '../../platform/clock.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { eventually, recordingWorker, seedMembers } from './factories.ts'

describe('the broadcast lifecycle', () => {
  let app: TestApp
  let creator: string
  let colleague: string

  beforeAll(async () => {
    app = await startTestApp({ clock: fixedClock('2026-11-22T12:00:00+08:00'), env: { BOT_ENABLED: 'false', BROADCAST_APPROVAL_THRESHOLD: '5' } })
    creator = await app.staffToken(['marketing'])
    colleague = await app.staffToken(['marketing'])
  })
  afterAll(() => app?.stop())

  async function draft(tag: string, extra: Record<string, unknown> = {}) {
    const res = await app.request('POST', '/api/broadcasts', { token: creator, body: { name: `通知 ${tag}`, text: '{{name}}您好，门诊时间有调整。', audience: { tags: [tag] }, ...extra } })
    expect(res.status).toBe(201)
    return res.body.id as string
  }
  const post = (id: string, step: string, token = creator) => app.request('POST', `/api/broadcasts/${id}/${step}`, { token })
  const get = async (id: string) => (await app.request('GET', `/api/broadcasts/${id}`, { token: creator })).body
  const dispatch = (at = '2026-11-22T12:01:00+08:00') => app.scheduler.runNow('broadcasts.dispatch', new Date(at))
  const queuedInOutbox = (account: string) => outboxModel(app.deps.db).countDocuments({ account, status: 'queued' })

  it('a broadcast to more members than the threshold waits for a second person to approve it; its creator may not', async () => {
    await seedMembers(app.deps.db, Array.from({ length: 6 }, () => ({ tags: ['approval'] })))
    const id = await draft('approval')
    const scheduled = await post(id, 'schedule')
    expect(scheduled.body).toMatchObject({ status: 'awaiting_approval', approvalRequired: true, audienceCount: 6, nextRunAt: null })

    const own = await post(id, 'approve')
    expect(own.status).toBe(403)
    expect(own.body.error.code).toBe('approval_by_self')
    expect((await get(id)).status).toBe('awaiting_approval')

    const approved = await post(id, 'approve', colleague)
    expect(approved.status).toBe(200)
    expect(approved.body).toMatchObject({ status: 'scheduled', approvedBy: expect.any(String) })
    expect(approved.body.nextRunAt).not.toBeNull()
    expect((await post(id, 'approve', await app.login())).status).toBe(409) // nothing left to approve
  })

  it('at or below the threshold a broadcast is scheduled at once', async () => {
    await seedMembers(app.deps.db, Array.from({ length: 5 }, () => ({ tags: ['small'] })))
    const id = await draft('small')
    expect((await post(id, 'schedule')).body).toMatchObject({ status: 'scheduled', approvalRequired: false })
    expect((await post(id, 'schedule')).status).toBe(409) // not a draft any more
  })

  it('pause takes back what is queued; resume sends the rest under new keys, so every member gets it exactly once', async () => {
    const account = 'test:pause'
    const members = await seedMembers(app.deps.db, Array.from({ length: 30 }, (_, i) => ({ name: `会员${i}`, tags: ['pause'], account })))
    const id = await draft('pause')
    await post(id, 'schedule') // 30 > 5: the creator schedules, a colleague approves
    await post(id, 'approve', colleague)
    await dispatch()
    expect(await get(id)).toMatchObject({ status: 'running', planned: 30, queued: 30, sent: 0 })

    const slow = recordingWorker(app.deps.db, [account], { perMinute: 300 })
    await eventually(async () => slow.received.size >= 8, 60_000, '8 messages')
    expect((await post(id, 'pause')).body.status).toBe('paused')
    await slow.stop() // finishes the message in hand, if any
    expect(await queuedInOutbox(account)).toBe(0)
    const paused = await get(id)
    expect(paused.sent).toBe(slow.received.size)
    expect(paused.sent + paused.paused).toBe(30)
    await dispatch() // a dispatcher tick while paused sends nothing
    expect(await queuedInOutbox(account)).toBe(0)

    expect((await post(id, 'resume')).body.status).toBe('running')
    await dispatch()
    const requeued = await outboxModel(app.deps.db).find({ account, status: 'queued' }, { key: 1 }).lean<Array<{ key: string }>>()
    expect(requeued).toHaveLength(paused.paused)
    expect(requeued.every((row) => row.key.endsWith(':1'))).toBe(true) // new keys: the cancelled rows stay cancelled

    const fast = recordingWorker(app.deps.db, [account])
    await eventually(async () => (await get(id)).sent === 30, 60_000, 'all 30 sent')
    await fast.stop()
    await dispatch()
    expect(await get(id)).toMatchObject({ status: 'completed', sent: 30, paused: 0, uncertain: 0, finishedAt: expect.any(String) })
    for (const member of members) {
      const got = [...(slow.received.get(member.externalId!) ?? []), ...(fast.received.get(member.externalId!) ?? [])]
      expect(got).toEqual([`${member.name}您好，门诊时间有调整。`])
    }
  })

  it('cancel takes back everything queued and nothing more is sent', async () => {
    const account = 'test:cancel'
    await seedMembers(app.deps.db, Array.from({ length: 4 }, () => ({ tags: ['cancel'], account })))
    const id = await draft('cancel')
    await post(id, 'schedule')
    await dispatch()
    expect(await queuedInOutbox(account)).toBe(4)

    expect((await post(id, 'cancel')).body.status).toBe('cancelled')
    expect(await queuedInOutbox(account)).toBe(0)
    await dispatch()
    expect(await queuedInOutbox(account)).toBe(0)
    expect(await get(id)).toMatchObject({ status: 'cancelled', planned: 4, cancelled: 4, sent: 0 })
    expect((await post(id, 'cancel')).status).toBe(409)
    expect((await post(id, 'resume')).status).toBe(409)
  })

  it('a weekly broadcast runs at each occurrence and then waits for the next one', async () => {
    const account = 'test:weekly'
    await seedMembers(app.deps.db, Array.from({ length: 3 }, () => ({ tags: ['weekly'], account })))
    const id = await draft('weekly', { recurrence: { weekday: 1, time: '09:00' } })
    expect((await post(id, 'schedule')).body.nextRunAt).toBe('2026-11-23T01:00:00.000Z') // Monday 09:00 in Shanghai

    await dispatch('2026-11-22T20:00:00+08:00')
    expect((await get(id)).status).toBe('scheduled') // not yet
    await dispatch('2026-11-23T09:00:30+08:00')
    expect(await get(id)).toMatchObject({ status: 'running', planned: 3 })

    const worker = recordingWorker(app.deps.db, [account])
    await eventually(async () => (await get(id)).sent === 3, 30_000, 'the first occurrence')
    await worker.stop()
    await dispatch('2026-11-23T09:05:00+08:00')
    expect(await get(id)).toMatchObject({ status: 'scheduled', nextRunAt: '2026-11-30T01:00:00.000Z', sent: 3 })
  })

  it('marketing and admin run broadcasts; other roles may not', async () => {
    const id = await draft('roles')
    const agent = await app.staffToken(['agent'])
    expect((await post(id, 'schedule', agent)).status).toBe(403)
    expect((await app.request('GET', '/api/broadcasts', { token: agent })).status).toBe(403)
    const list = await app.request('GET', '/api/broadcasts', { token: await app.staffToken(['director']) })
    expect(list.status).toBe(200)
    expect(list.body.items.some((b: { id: string }) => b.id === id)).toBe(true)
  })
})
