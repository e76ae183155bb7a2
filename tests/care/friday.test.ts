import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deliveryModel, type DeliveryDoc } from '../../core/broadcasts/model.ts'
import { addDays } from '../../core/calendar/index.ts'
import { FRIDAY_LIBRARY } from '../../core/care/copy.ts'
import { fixedClock } from '../../platform/clock.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { seedMembers, type SeededMember } from '../broadcasts/factories.ts'

const fridayAt10 = (day: string) => new Date(`${day}T10:00:00+08:00`)
const libraryIndexIn = (text: string) => FRIDAY_LIBRARY.findIndex((entry) => text.includes(entry))

describe('the Friday greeting (每周五)', () => {
  let app: TestApp
  let eligible: SeededMember[]
  let excluded: SeededMember[]

  beforeAll(async () => {
    app = await startTestApp({ clock: fixedClock('2026-11-27T09:00:00+08:00'), env: { BOT_ENABLED: 'false' } })
    eligible = await seedMembers(app.deps.db, [
      { name: '甲', tier: 'A' },
      { name: '乙', tier: 'B' },
      { name: '丙', tier: 'C' },
      { name: '丁', tier: 'D' },
      { name: '戊', channel: null }, // planned, and skipped for want of a conversation
    ])
    excluded = await seedMembers(app.deps.db, [
      { name: '退订', optedOut: true },
      { name: '待认领', status: 'pending' },
    ])
  })
  afterAll(() => app?.stop())

  const deliveriesOf = (day: string) => deliveryModel(app.deps.db).find({ runId: `care:${day}` }).lean<DeliveryDoc[]>()

  it('care.friday on a Friday at 10:00 plans exactly the eligible members, every tier, one greeting each', async () => {
    const outcome = await app.scheduler.runNow('care.friday', fridayAt10('2026-11-27'))
    expect(outcome).toMatchObject({ ok: true, result: { day: '2026-11-27', planned: 5 } })
    const deliveries = await deliveriesOf('2026-11-27')
    expect(deliveries.map((d) => String(d.memberId)).sort()).toEqual(eligible.map((m) => m.id).sort())
    for (const delivery of deliveries) {
      expect(delivery.programmes).toEqual(['friday'])
      expect(libraryIndexIn(delivery.text)).toBeGreaterThanOrEqual(0)
      expect(delivery.text.startsWith(`${delivery.memberName}，您好！`)).toBe(true)
    }
    expect(deliveries.find((d) => d.memberName === '戊')).toMatchObject({ route: 'skip', status: 'skipped', reason: 'no_conversation' })
    expect(deliveries.some((d) => excluded.some((m) => m.id === String(d.memberId)))).toBe(false)
  })

  it('running it again the same day plans nothing new', async () => {
    const again = await app.scheduler.runNow('care.friday', fridayAt10('2026-11-27'))
    expect(again.result).toMatchObject({ planned: 5 })
    expect(await deliveriesOf('2026-11-27')).toHaveLength(5)
  })

  it('over ten Fridays a member never gets the same text twice in a row', async () => {
    const fridays = Array.from({ length: 10 }, (_, i) => addDays('2026-12-04', 7 * i))
    for (const day of fridays) await app.scheduler.runNow('care.friday', fridayAt10(day))
    for (const member of eligible) {
      const sequence: number[] = []
      for (const day of ['2026-11-27', ...fridays]) {
        const delivery = (await deliveriesOf(day)).find((d) => String(d.memberId) === member.id)!
        sequence.push(libraryIndexIn(delivery.text))
      }
      expect(sequence.every((index) => index >= 0)).toBe(true)
      for (let i = 1; i < sequence.length; i++) expect(sequence[i]).not.toBe(sequence[i - 1])
      expect(new Set(sequence).size).toBeGreaterThanOrEqual(5)
    }
  })

  it('a switched-off Friday programme sends nothing on Fridays', async () => {
    const marketing = await app.staffToken(['marketing'])
    await app.request('PUT', '/api/care-programmes/friday', { token: marketing, body: { enabled: false } })
    const outcome = await app.scheduler.runNow('care.friday', fridayAt10('2027-02-12'))
    expect(outcome.result).toMatchObject({ planned: 0 })
    await app.request('PUT', '/api/care-programmes/friday', { token: marketing, body: { enabled: true } })
  })
})
