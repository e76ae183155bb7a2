import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deliveryModel, type DeliveryDoc } from '../../core/broadcasts/model.ts'
import { variantFor } from '../../core/broadcasts/variants.ts'
import { outboxModel } from '../../platform/outbox/model.ts'
import { fixedClock } from '../../platform/clock.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { eventually, recordingWorker, seedMembers, type SeededMember } from './factories.ts'

const NOW = new Date('2026-11-23T10:00:00+08:00')
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3600_000)

describe('broadcasts across channels', () => {
  let app: TestApp
  let marketing: string

  beforeAll(async () => {
    app = await startTestApp({ clock: fixedClock(NOW), env: { BOT_ENABLED: 'false' } })
    marketing = await app.staffToken(['marketing'])
  })
  afterAll(() => app?.stop())

  const create = async (body: Record<string, unknown>) => (await app.request('POST', '/api/broadcasts', { token: marketing, body })).body.id as string
  const get = async (id: string) => (await app.request('GET', `/api/broadcasts/${id}`, { token: marketing })).body

  describe('each recipient is planned by what their channel can do', () => {
    let id: string
    let m: Record<'wx1' | 'wx2' | 'wecom' | 'kfOpen' | 'kfClosed' | 'none', SeededMember>

    beforeAll(async () => {
      const [wx1, wx2, wecom, kfOpen, kfClosed, none] = await seedMembers(
        app.deps.db,
        [
          { name: '王一', channel: 'wechaty' },
          { name: '王二', channel: 'wechaty' },
          { name: '客户联系', channel: 'wecom' },
          { name: '客服窗口内', channel: 'kf', lastCustomerMessageAt: hoursAgo(2) },
          { name: '客服窗口外', channel: 'kf', lastCustomerMessageAt: hoursAgo(72) },
          { name: '无会话', channel: null },
        ],
        { tags: ['routes'] },
      )
      m = { wx1, wx2, wecom, kfOpen, kfClosed, none }
      id = await create({ name: '路由', text: '{{name}}您好，{{tier}}专享福利来啦！', audience: { tags: ['routes'] } })
    })

    it('the preview shows per channel: send, confirmed mass task (客户联系), or skip with the reason', async () => {
      const preview = await app.request('GET', `/api/broadcasts/${id}/preview`, { token: marketing })
      expect(preview.status).toBe(200)
      expect(preview.body.audienceCount).toBe(6)
      expect(preview.body.routes).toEqual({ send: 3, massTask: 1, skip: 2, textOnly: 0, skipReasons: { no_open_window: 1, no_conversation: 1 } })
      expect(preview.body.channels).toEqual(
        expect.arrayContaining([
          { channel: 'wechaty', send: 2, massTask: 0, skip: 0, textOnly: 0, carriesAttachment: null },
          { channel: 'wecom', send: 0, massTask: 1, skip: 0, textOnly: 0, carriesAttachment: null },
          { channel: 'kf', send: 1, massTask: 0, skip: 1, textOnly: 0, carriesAttachment: null },
          { channel: 'none', send: 0, massTask: 0, skip: 1, textOnly: 0, carriesAttachment: null },
        ]),
      )
      expect(preview.body.samples).toHaveLength(3)
      expect(preview.body.samples[0]).toMatchObject({ memberId: m.wx1.id, text: '王一您好，普通会员专享福利来啦！', route: 'send', channel: 'wechaty' })
    })

    it('the run sends where it can, hands 客户联系 recipients to the outbox as mass tasks, and skips the rest with the reason', async () => {
      await app.request('POST', `/api/broadcasts/${id}/schedule`, { token: marketing })
      await app.scheduler.runNow('broadcasts.dispatch', NOW)
      const progress = await get(id)
      expect(progress).toMatchObject({ planned: 6, queued: 4, skipped: 2, skipReasons: { no_open_window: 1, no_conversation: 1 } })
      const outbox = await outboxModel(app.deps.db).find({ origin: 'broadcast', key: { $regex: `^delivery:b:${id}:` } }).lean()
      expect(outbox.map((row) => row.recipient).sort()).toEqual([m.wx1, m.wx2, m.wecom, m.kfOpen].map((x) => x.externalId).sort())
      expect(outbox.every((row) => row.priority === 9)).toBe(true)

      // The 客户联系 channel's outbox delivery turns the row into a mass-message task ("sent" = handed over).
      const worker = recordingWorker(app.deps.db, ['test:wechaty', 'test:wecom', 'test:kf'])
      await eventually(async () => (await get(id)).queued === 0, 20_000, 'the outbox to finish')
      await worker.stop()
      await app.scheduler.runNow('broadcasts.dispatch', NOW)
      expect(await get(id)).toMatchObject({ status: 'completed', sent: 3, massTask: 1, skipped: 2 })

      // The customer's result from WeCom: tests/wecom/mass-tasks.test.ts.
    })
  })

  it('an A/B test splits the audience by member id, the same way every time, and counts each variant', async () => {
    await seedMembers(app.deps.db, Array.from({ length: 40 }, (_, i) => ({ name: `会员${i}`, tags: ['ab'] })))
    const id = await create({ name: 'A/B', text: 'A：{{name}}，周末验光八折', variantB: { text: 'B：{{name}}，周末验光送护理液' }, audience: { tags: ['ab'] } })
    const preview = (await app.request('GET', `/api/broadcasts/${id}/preview`, { token: marketing })).body
    expect(new Set(preview.samples.map((s: { variant: string }) => s.variant))).toEqual(new Set(['A', 'B']))

    await app.request('POST', `/api/broadcasts/${id}/schedule`, { token: marketing })
    await app.scheduler.runNow('broadcasts.dispatch', NOW)
    const deliveries = await deliveryModel(app.deps.db).find({ broadcastId: id }).lean<DeliveryDoc[]>()
    expect(deliveries).toHaveLength(40)
    for (const delivery of deliveries) {
      expect(delivery.variant).toBe(variantFor(id, delivery.memberId))
      expect(delivery.text.startsWith(`${delivery.variant}：${delivery.memberName}，`)).toBe(true)
    }
    const { variants } = await get(id)
    expect(variants.A.planned + variants.B.planned).toBe(40)
    expect(variants.A.planned).toBeGreaterThan(5)
    expect(variants.B.planned).toBeGreaterThan(5)
  })
})
