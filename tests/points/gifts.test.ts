import { describe, expect, it } from 'vitest'
import { adjustPoints, pointsSummary } from '../../core/points/service.ts'
import { fixedClock } from '../../platform/clock.ts'
import { useStaffTokens, useTestApp } from '../helpers/test-app.ts'
import { newMember } from '../members/factories.ts'

describe('exchanging points for gifts (兑换礼品)', () => {
  const clock = fixedClock('2026-11-23T02:00:00Z')
  const suite = useTestApp({ clock })
  const tokens = useStaffTokens(() => suite.app, { marketing: ['marketing'], agent: ['agent'] })

  const memberWith = async (points: number) => {
    const member = await newMember(suite.app)
    await adjustPoints(suite.app.deps, member.id, { delta: points, reason: '测试', staffId: 'test' })
    return member
  }
  const newGift = async (stock: number, pointsCost = 500) =>
    (await suite.app.request('POST', '/api/gifts', { token: tokens.marketing, body: { name: '护眼蒸汽眼罩', pointsCost, stock } })).body

  it('a redemption takes the points and one unit of stock', async () => {
    const gift = await newGift(5)
    const member = await memberWith(800)
    const res = await suite.app.request('POST', `/api/gifts/${gift.id}/redeem`, { token: tokens.agent, body: { memberId: member.id } })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ balance: 300, gift: { stock: 4 }, entry: { deltaPoints: -500, kind: 'spend', reason: '兑换礼品：护眼蒸汽眼罩' } })
  })

  it('the last units go to exactly as many members as there are units, even at once', async () => {
    const gift = await newGift(2)
    const members = await Promise.all(Array.from({ length: 5 }, () => memberWith(600)))
    const results = await Promise.all(members.map((m) => suite.app.request('POST', `/api/gifts/${gift.id}/redeem`, { token: tokens.agent, body: { memberId: m.id } })))
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 410, 410, 410])
    const balances = await Promise.all(members.map(async (m) => (await pointsSummary(suite.app.deps, m.id)).balance))
    expect(balances.sort()).toEqual([100, 100, 600, 600, 600])
    const list = await suite.app.request('GET', '/api/gifts?limit=100', { token: tokens.agent })
    expect(list.body.items.find((g: { id: string }) => g.id === gift.id).stock).toBe(0)
  })

  it('a member without enough points gets 422 and the stock is untouched', async () => {
    const gift = await newGift(1)
    const member = await memberWith(499)
    const res = await suite.app.request('POST', `/api/gifts/${gift.id}/redeem`, { token: tokens.agent, body: { memberId: member.id } })
    expect(res.status).toBe(422)
    const list = await suite.app.request('GET', '/api/gifts?limit=100', { token: tokens.agent })
    expect(list.body.items.find((g: { id: string }) => g.id === gift.id).stock).toBe(1)
  })

  it('an unknown gift or member is a 404; only marketing and admins add gifts', async () => {
    const member = await memberWith(1000)
    expect((await suite.app.request('POST', '/api/gifts/aaaaaaaaaaaaaaaaaaaaaaaa/redeem', { token: tokens.agent, body: { memberId: member.id } })).status).toBe(404)
    const gift = await newGift(1)
    expect((await suite.app.request('POST', `/api/gifts/${gift.id}/redeem`, { token: tokens.agent, body: { memberId: 'bbbbbbbbbbbbbbbbbbbbbbbb' } })).status).toBe(404)
    expect((await suite.app.request('POST', '/api/gifts', { token: tokens.agent, body: { name: 'x', pointsCost: 1, stock: 1 } })).status).toBe(403)
  })
})
