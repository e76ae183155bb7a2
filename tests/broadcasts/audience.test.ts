import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deliveryModel } from '../../core/broadcasts/model.ts'
import { fixedClock } from '../../platform/clock.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { seedMembers, type SeededMember } from './factories.ts'

describe('broadcast audiences', () => {
  let app: TestApp
  let marketing: string
  const m: Record<string, SeededMember> = {}

  beforeAll(async () => {
    app = await startTestApp({ clock: fixedClock('2026-06-15T10:00:00+08:00'), env: { BOT_ENABLED: 'false' } })
    marketing = await app.staffToken(['marketing'])
    const specs = {
      zhang: { name: '张伟', tier: 'A', category: 'adult', clinicCode: 'BJ01', tags: ['近视'], birthday: '1980-06-15' },
      li: { name: '李娜', tier: 'B', category: 'child', clinicCode: 'BJ02', tags: ['正畸'], birthday: '2015-03-02' },
      wang: { name: '王芳', tier: 'C', category: 'elderly', clinicCode: 'SH01', tags: ['近视', '白内障'] },
      liu: { name: '刘洋', tier: 'D', category: 'diabetic', clinicCode: 'BJ01' },
      sun: { name: '孙丽', tier: 'D', category: 'adult', clinicCode: 'BJ02', birthday: '1990-06-15' },
      chen: { name: '陈静', tier: 'A', category: 'adult', clinicCode: 'BJ01', tags: ['近视'], birthday: '1985-06-15', optedOut: true },
      zhao: { name: '赵敏', tier: 'B', category: 'adult', clinicCode: 'BJ01', tags: ['近视'], birthday: '1975-06-15', status: 'pending' },
    } as const
    const seeded = await seedMembers(app.deps.db, Object.values(specs).map((spec) => ({ ...spec, tags: 'tags' in spec ? [...spec.tags] : [] })))
    Object.keys(specs).forEach((key, i) => (m[key] = seeded[i]))
  })
  afterAll(() => app?.stop())

  const audienceCount = async (audience: Record<string, unknown>) => {
    const res = await app.request('POST', '/api/broadcasts', { token: marketing, body: { name: '测试', text: '您好', audience } })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ id: expect.any(String), status: 'draft' })
    return res.body.audienceCount as number
  }

  it('without segments the audience is every reachable member: opted-out and pending members are left out', async () => {
    expect(await audienceCount({})).toBe(5)
  })

  it('tiers select members of those tiers only', async () => {
    expect(await audienceCount({ tiers: ['A', 'B'] })).toBe(2) // 张伟, 李娜 — not 陈静 (opted out) nor 赵敏 (pending)
    expect(await audienceCount({ tiers: ['D'] })).toBe(2)
  })

  it('categories, clinics and tags select their members', async () => {
    expect(await audienceCount({ categories: ['adult'] })).toBe(2) // 张伟, 孙丽
    expect(await audienceCount({ clinicCodes: ['BJ02', 'SH01'] })).toBe(3) // 李娜, 孙丽, 王芳
    expect(await audienceCount({ tags: ['近视'] })).toBe(2) // 张伟, 王芳
    expect(await audienceCount({ tags: ['正畸', '白内障'] })).toBe(2) // any of the tags: 李娜, 王芳
  })

  it('birthdayToday selects the members whose birthday is today', async () => {
    expect(await audienceCount({ birthdayToday: true })).toBe(2) // 张伟, 孙丽
  })

  it('segments combine: every condition must hold', async () => {
    expect(await audienceCount({ tiers: ['A', 'D'], clinicCodes: ['BJ01'] })).toBe(2) // 张伟, 刘洋
    expect(await audienceCount({ tiers: ['A'], birthdayToday: true, tags: ['近视'] })).toBe(1) // 张伟
  })

  it('the run plans exactly the audience, with {{name}}, {{tier}} and {{clinic}} filled per member', async () => {
    const created = await app.request('POST', '/api/broadcasts', {
      token: marketing,
      body: { name: '近视复查', text: '{{name}}您好！{{tier}}专享：{{clinic}}近视复查八折。', audience: { tags: ['近视'] } },
    })
    expect((await app.request('POST', `/api/broadcasts/${created.body.id}/schedule`, { token: marketing })).body.status).toBe('scheduled')
    await app.scheduler.runNow('broadcasts.dispatch', new Date('2026-06-15T10:01:00+08:00'))

    const deliveries = await deliveryModel(app.deps.db).find({ broadcastId: created.body.id }).lean()
    expect(deliveries.map((d) => String(d.memberId)).sort()).toEqual([m.zhang.id, m.wang.id].sort())
    const textOf = (member: SeededMember) => deliveries.find((d) => String(d.memberId) === member.id)!.text
    expect(textOf(m.zhang)).toBe('张伟您好！VIP会员专享：北京朝阳眼科中心近视复查八折。')
    expect(textOf(m.wang)).toMatch(/^王芳您好！银卡会员专享：.+近视复查八折。$/)
  })

  it('a member without a name is addressed as 您', async () => {
    const [nameless] = await seedMembers(app.deps.db, [{ name: '', tags: ['无名'] }])
    const created = await app.request('POST', '/api/broadcasts', { token: marketing, body: { name: '称呼', text: '亲爱的{{name}}，周末愉快！', audience: { tags: ['无名'] } } })
    const preview = await app.request('GET', `/api/broadcasts/${created.body.id}/preview`, { token: marketing })
    expect(preview.body.samples).toEqual([expect.objectContaining({ memberId: nameless.id, text: '亲爱的您，周末愉快！' })])
  })

  it('an unknown placeholder is refused before it can reach a customer', async () => {
    const res = await app.request('POST', '/api/broadcasts', { token: marketing, body: { name: '错字', text: '{{nmae}}您好', audience: {} } })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('validation_failed')
  })

  it('only marketing and admin may create broadcasts', async () => {
    const agent = await app.staffToken(['agent'])
    expect((await app.request('POST', '/api/broadcasts', { token: agent, body: { name: 'x', text: 'y' } })).status).toBe(403)
    expect((await app.request('POST', '/api/broadcasts', { token: await app.login(), body: { name: 'x', text: 'y' } })).status).toBe(201)
  })
})
