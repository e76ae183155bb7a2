import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deliveryModel, type DeliveryDoc } from '../../core/broadcasts/model.ts'
import { allowedFrom, isQuiet } from '../../core/broadcasts/quiet-hours.ts'
import { outboxModel } from '../../platform/outbox/model.ts'
import { fixedClock } from '../../platform/clock.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { seedMembers } from './factories.ts'

const QUIET = { from: '21:00', to: '08:30' }
const at = (iso: string) => new Date(iso)

describe('quiet hours (21:00–08:30 in Shanghai)', () => {
  it('the window wraps midnight and ends at 08:30 sharp', () => {
    expect(isQuiet(at('2026-11-23T20:59:59+08:00'), QUIET)).toBe(false)
    expect(isQuiet(at('2026-11-23T21:00:00+08:00'), QUIET)).toBe(true)
    expect(isQuiet(at('2026-11-24T03:00:00+08:00'), QUIET)).toBe(true)
    expect(isQuiet(at('2026-11-24T08:30:00+08:00'), QUIET)).toBe(false)
    expect(allowedFrom(at('2026-11-23T22:17:45+08:00'), QUIET)).toEqual(at('2026-11-24T08:30:00+08:00'))
    expect(allowedFrom(at('2026-11-24T07:00:00+08:00'), QUIET)).toEqual(at('2026-11-24T08:30:00+08:00'))
    expect(allowedFrom(at('2026-11-24T10:00:00+08:00'), QUIET)).toEqual(at('2026-11-24T10:00:00+08:00'))
    expect(isQuiet(at('2026-11-23T23:00:00+08:00'), null)).toBe(false)
  })

  describe('a broadcast', () => {
    let app: TestApp
    let marketing: string
    beforeAll(async () => {
      // One message a minute: the run's tail crosses into the quiet window.
      app = await startTestApp({ clock: fixedClock('2026-11-23T12:00:00+08:00'), env: { BOT_ENABLED: 'false', SEND_RATE_PER_MINUTE: '1' } })
      marketing = await app.staffToken(['marketing'])
    })
    afterAll(() => app?.stop())

    async function run(tag: string, count: number, startAt: string) {
      await seedMembers(app.deps.db, Array.from({ length: count }, () => ({ tags: [tag] })))
      const created = await app.request('POST', '/api/broadcasts', { token: marketing, body: { name: tag, text: '晚上好', audience: { tags: [tag] }, sendAt: startAt } })
      await app.request('POST', `/api/broadcasts/${created.body.id}/schedule`, { token: marketing })
      await app.scheduler.runNow('broadcasts.dispatch', new Date(startAt))
      const deliveries = await deliveryModel(app.deps.db).find({ broadcastId: created.body.id }).sort({ _id: 1 }).lean<DeliveryDoc[]>()
      const outbox = await outboxModel(app.deps.db).find({ key: { $in: deliveries.map((d) => d.outboxKey) } }).lean()
      return { deliveries, outbox }
    }

    it('started at 22:00, it waits for 08:30 the next morning (notBefore)', async () => {
      const { deliveries, outbox } = await run('night', 3, '2026-11-23T22:00:00+08:00')
      expect(deliveries.map((d) => d.notBefore)).toEqual(Array(3).fill(at('2026-11-24T08:30:00+08:00')))
      expect(outbox.map((row) => row.nextAttemptAt)).toEqual(Array(3).fill(at('2026-11-24T08:30:00+08:00')))
    })

    it('a run whose turn would reach 21:00 at the account’s pace leaves the rest for the next morning', async () => {
      const { deliveries } = await run('evening', 5, '2026-11-23T20:58:00+08:00')
      // At one a minute: 20:58 and 20:59 go now, the 21:00 turn and later wait.
      expect(deliveries.map((d) => d.notBefore)).toEqual([null, null, ...Array(3).fill(at('2026-11-24T08:30:00+08:00'))])
    })
  })
})
