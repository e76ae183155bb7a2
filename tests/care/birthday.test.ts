import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deliveryModel, type DeliveryDoc } from '../../core/broadcasts/model.ts'
import { fixedClock } from '../../platform/clock.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { seedMembers, type SeededMember } from '../broadcasts/factories.ts'

const DAY = '2026-06-15' // a Monday, no holiday
const RUN_AT = new Date(`${DAY}T09:30:00+08:00`)

describe('birthday care (tiers A and B, and tier A’s family)', () => {
  let app: TestApp
  let marketing: string
  let m: Record<string, SeededMember>

  beforeAll(async () => {
    app = await startTestApp({ clock: fixedClock(RUN_AT), env: { BOT_ENABLED: 'false' } })
    marketing = await app.staffToken(['marketing'])
    const specs = {
      vip: { name: '王总', tier: 'A', birthday: '1970-06-15', familyMembers: [{ name: '王秀英', relation: '母亲', birthday: '1945-06-15' }, { name: '小明', relation: '儿子', birthday: '2010-03-01' }] },
      gold: { name: '金女士', tier: 'B', birthday: '1980-06-15' },
      silver: { name: '银先生', tier: 'C', birthday: '1990-06-15' },
      ordinary: { name: '普先生', tier: 'D', birthday: '1995-06-15' },
      vipFamily: { name: '李总', tier: 'A', birthday: '1975-01-01', familyMembers: [{ name: '李建国', relation: '父亲', birthday: '1948-06-15' }] },
      goldFamily: { name: '张先生', tier: 'B', birthday: '1979-02-02', familyMembers: [{ name: '张兰', relation: '妻子', birthday: '1982-06-15' }] },
      vipOptedOut: { name: '赵总', tier: 'A', birthday: '1966-06-15', optedOut: true },
    } as const
    const seeded = await seedMembers(app.deps.db, Object.values(specs).map((spec) => ({ ...spec, familyMembers: 'familyMembers' in spec ? spec.familyMembers.map((f) => ({ ...f })) : [] })))
    m = Object.fromEntries(Object.keys(specs).map((key, i) => [key, seeded[i]]))
  })
  afterAll(() => app?.stop())

  const deliveries = () => deliveryModel(app.deps.db).find({ runId: `care:${DAY}` }).lean<DeliveryDoc[]>()
  const tasks = async () => (await app.request('GET', `/api/care-tasks?day=${DAY}`, { token: marketing })).body

  it('greets A and B members on their birthday and A members on their family’s, in one message each', async () => {
    expect((await app.scheduler.runNow('care.daily', RUN_AT)).ok).toBe(true)
    const planned = await deliveries()
    const byMember = Object.fromEntries(planned.map((d) => [String(d.memberId), d]))
    expect(Object.keys(byMember).sort()).toEqual([m.vip.id, m.gold.id, m.vipFamily.id].sort())
    expect(byMember[m.vip.id].programmes).toEqual(['birthday', 'birthday:family'])
    expect(byMember[m.vip.id].text).toContain('今天是您的生日')
    expect(byMember[m.vip.id].text).toContain('今天是您母亲王秀英的生日')
    expect(byMember[m.vip.id].text).not.toContain('小明')
    expect(byMember[m.gold.id].programmes).toEqual(['birthday'])
    expect(byMember[m.vipFamily.id]).toMatchObject({ programmes: ['birthday:family'] })
    expect(byMember[m.vipFamily.id].text).toContain('今天是您父亲李建国的生日')
  })

  it('each birthday gets a staff task for the card or gift — an opted-out VIP too, without the greeting', async () => {
    const list = await tasks()
    expect(list.total).toBe(5)
    const summary = list.items.map((t: any) => `${t.memberName}:${t.celebrant.kind}:${t.celebrant.name}`).sort()
    expect(summary).toEqual(['李总:family:李建国', '王总:family:王秀英', '王总:member:王总', '赵总:member:赵总', '金女士:member:金女士'].sort())
    expect(list.items.find((t: any) => t.memberName === '赵总').optedOut).toBe(true)
    expect(list.items.every((t: any) => t.status === 'open' && t.kind === 'birthday_gift' && t.day === DAY)).toBe(true)
  })

  it('staff mark a task done once', async () => {
    const [task] = (await tasks()).items
    const agent = await app.staffToken(['agent'])
    const done = await app.request('POST', `/api/care-tasks/${task.id}/done`, { token: agent, body: { note: '贺卡已寄出' } })
    expect(done.status).toBe(200)
    expect(done.body).toMatchObject({ status: 'done', note: '贺卡已寄出', doneAt: expect.any(String) })
    expect((await app.request('POST', `/api/care-tasks/${task.id}/done`, { token: agent, body: {} })).status).toBe(409)
    expect((await app.request('GET', `/api/care-tasks?status=open&day=${DAY}`, { token: marketing })).body.total).toBe(4)
    expect((await app.request('POST', '/api/care-tasks/000000000000000000000000/done', { token: agent, body: {} })).status).toBe(404)
  })

  it('running the day again plans no second greeting and no second task', async () => {
    await app.scheduler.runNow('care.daily', RUN_AT)
    expect(await deliveries()).toHaveLength(3)
    expect((await tasks()).total).toBe(5)
  })
})
