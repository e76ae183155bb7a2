import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deliveryModel, type DeliveryDoc } from '../../core/broadcasts/model.ts'
import { DAY1_TEXT, FRIDAY_LIBRARY, HOLIDAY_TEXTS } from '../../core/care/copy.ts'
import { joinDaysFor } from '../../core/care/due.ts'
import { outboxModel } from '../../platform/outbox/model.ts'
import { fixedClock } from '../../platform/clock.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { seedMembers, type SeededMember } from '../broadcasts/factories.ts'

const DAY = '2026-09-25' // 中秋, and a Friday
const RUN_AT = new Date(`${DAY}T10:00:00+08:00`)

describe('several programmes on one day', () => {
  let app: TestApp
  let m: Record<'joinedYesterday' | 'birthdayVip' | 'monthOne' | 'monthThree' | 'longTime', SeededMember>

  beforeAll(async () => {
    app = await startTestApp({ clock: fixedClock(RUN_AT), env: { BOT_ENABLED: 'false' } })
    const [joinedYesterday, birthdayVip, monthOne, monthThree, longTime] = await seedMembers(app.deps.db, [
      { name: '周杰', joinedAt: new Date('2026-09-24T15:00:00+08:00') },
      { name: '林总', tier: 'A', birthday: '1980-09-25' },
      { name: '一月', joinedAt: new Date('2026-08-25T09:00:00+08:00') },
      { name: '三月', joinedAt: new Date('2026-06-25T20:00:00+08:00') },
      { name: '老会员', joinedAt: new Date('2024-03-01T10:00:00+08:00') },
    ])
    m = { joinedYesterday, birthdayVip, monthOne, monthThree, longTime }
    await app.scheduler.runNow('care.friday', RUN_AT)
  })
  afterAll(() => app?.stop())

  const deliveryOf = async (member: SeededMember) => (await deliveryModel(app.deps.db).find({ runId: `care:${DAY}`, memberId: member.id }).lean<DeliveryDoc[]>())

  it('a member with two or more programmes that day gets ONE combined greeting', async () => {
    const [greeting, ...more] = await deliveryOf(m.joinedYesterday)
    expect(more).toHaveLength(0)
    expect(greeting.programmes).toEqual(['holiday:mid_autumn', 'day1', 'friday'])
    expect(greeting.text.match(/您好！/g)).toHaveLength(1) // one salutation
    expect(greeting.text).toContain(HOLIDAY_TEXTS.mid_autumn)
    expect(greeting.text).toContain(DAY1_TEXT.replace('{{clinic}}', '北京朝阳眼科中心'))
    expect(FRIDAY_LIBRARY.some((text) => greeting.text.includes(text))).toBe(true)
    expect(await outboxModel(app.deps.db).countDocuments({ recipient: m.joinedYesterday.externalId })).toBe(1)
  })

  it('each member’s greeting carries exactly the programmes due for them', async () => {
    expect((await deliveryOf(m.birthdayVip))[0].programmes).toEqual(['birthday', 'holiday:mid_autumn', 'friday'])
    expect((await deliveryOf(m.monthOne))[0].programmes).toEqual(['holiday:mid_autumn', 'month1', 'friday'])
    expect((await deliveryOf(m.monthThree))[0].programmes).toEqual(['holiday:mid_autumn', 'month3', 'friday'])
    expect((await deliveryOf(m.longTime))[0].programmes).toEqual(['holiday:mid_autumn', 'friday'])
  })

  it('the month-3 check-in carries the latest offers', async () => {
    const [greeting] = await deliveryOf(m.monthThree)
    expect(greeting.text).toContain('近期的会员优惠：')
    expect(greeting.text).not.toContain('{{offers}}')
  })

  it('the daily job on the same day adds nothing: the day was planned once', async () => {
    await app.scheduler.runNow('care.daily', RUN_AT)
    expect(await deliveryModel(app.deps.db).countDocuments({ runId: `care:${DAY}` })).toBe(5)
    expect(await outboxModel(app.deps.db).countDocuments({ origin: 'care' })).toBe(5)
  })

  it('month N after joining is the same date, or the month’s last day when that date does not exist', () => {
    expect(joinDaysFor('2026-09-25', 1)).toEqual(['2026-08-25'])
    expect(joinDaysFor('2027-02-28', 1)).toEqual(['2027-01-28', '2027-01-29', '2027-01-30', '2027-01-31'])
    expect(joinDaysFor('2026-04-30', 1)).toEqual(['2026-03-30', '2026-03-31'])
    expect(joinDaysFor('2026-03-30', 1)).toEqual([]) // no 30 February
    expect(joinDaysFor('2026-05-31', 3)).toEqual([]) // 28 February + 3 months is 28 May
  })
})
