import { describe, expect, it } from 'vitest'
import { grantWelcomeCoupon } from '../../core/coupons/service.ts'
import { fixedClock } from '../../platform/clock.ts'
import { useStaffTokens, useTestApp } from '../helpers/test-app.ts'
import { newMember } from '../members/factories.ts'

describe('redeeming a coupon at the counter', () => {
  const clock = fixedClock('2026-11-23T02:00:00Z')
  const suite = useTestApp({ clock })
  const tokens = useStaffTokens(() => suite.app, { agent: ['agent'], supervisor: ['supervisor'] })

  const issue = async () => (await grantWelcomeCoupon(suite.app.deps, (await newMember(suite.app)).id)).coupon!
  const redeem = (code: string, orderAmount: number, token = tokens.agent) => suite.app.request('POST', `/api/coupons/${code}/redeem`, { token, body: { orderAmount } })

  it('an issued coupon on a large enough order is redeemed (200), code typed in lower case without the dash', async () => {
    const coupon = await issue()
    const res = await redeem(coupon.code.replace('-', '').toLowerCase(), 688.5)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ code: coupon.code, status: 'redeemed', orderAmount: 688.5, redeemedAt: '2026-11-23T02:00:00.000Z' })
  })

  it('an unknown code is a 404', async () => {
    expect((await redeem('ZZZZ-ZZZZ', 600)).status).toBe(404)
    expect((await redeem('not-a-code', 600)).body.error.code).toBe('coupon_not_found')
  })

  it('a coupon already redeemed is a 409', async () => {
    const coupon = await issue()
    expect((await redeem(coupon.code, 600)).status).toBe(200)
    const again = await redeem(coupon.code, 600)
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('coupon_already_redeemed')
  })

  it('an expired coupon is a 410', async () => {
    const coupon = await issue()
    clock.set('2026-12-24T00:00:00Z') // 08:00 on 24 December in Shanghai: the day after the last day
    const res = await redeem(coupon.code, 600, await suite.app.staffToken(['agent']))
    clock.set('2026-11-23T02:00:00Z')
    expect(res.status).toBe(410)
    expect(res.body.error.code).toBe('coupon_expired')
  })

  it('a coupon is still good on its last day in Shanghai', async () => {
    const coupon = await issue()
    clock.set('2026-12-23T15:00:00Z') // 23:00 on 23 December in Shanghai
    const res = await redeem(coupon.code, 600, await suite.app.staffToken(['agent']))
    clock.set('2026-11-23T02:00:00Z')
    expect(res.status).toBe(200)
  })

  it('a voided coupon is a 410; only supervisors and admins may void', async () => {
    const coupon = await issue()
    expect((await suite.app.request('POST', `/api/coupons/${coupon.code}/void`, { token: tokens.agent })).status).toBe(403)
    const voided = await suite.app.request('POST', `/api/coupons/${coupon.code}/void`, { token: tokens.supervisor, body: { reason: '顾客要求作废' } })
    expect(voided.status).toBe(200)
    expect(voided.body.status).toBe('void')
    const res = await redeem(coupon.code, 600)
    expect(res.status).toBe(410)
    expect(res.body.error.code).toBe('coupon_void')
  })

  it('an order below the threshold is a 422 and the coupon stays usable', async () => {
    const coupon = await issue()
    const res = await redeem(coupon.code, 499.99)
    expect(res.status).toBe(422)
    expect(res.body.error.code).toBe('order_below_threshold')
    expect((await redeem(coupon.code, 500)).status).toBe(200)
  })

  it('two redemptions of one code at once: exactly one 200 and one 409', async () => {
    for (let round = 0; round < 5; round++) {
      const coupon = await issue()
      const statuses = (await Promise.all([redeem(coupon.code, 800), redeem(coupon.code, 800, tokens.supervisor)])).map((r) => r.status)
      expect(statuses.sort()).toEqual([200, 409])
    }
  })

  it('a redemption and a void at once: one of them wins, and the coupon says which', async () => {
    const coupon = await issue()
    const [redeemed, voided] = await Promise.all([redeem(coupon.code, 800), suite.app.request('POST', `/api/coupons/${coupon.code}/void`, { token: tokens.supervisor })])
    expect([redeemed.status, voided.status].filter((s) => s === 200)).toHaveLength(1)
    const now = await suite.app.request('GET', `/api/coupons/${coupon.code}`, { token: tokens.agent })
    expect(now.body.status).toBe(redeemed.status === 200 ? 'redeemed' : 'void')
  })

  it('marketing may not redeem; an order amount with more than 2 decimals is a 400', async () => {
    const coupon = await issue()
    const marketing = await suite.app.staffToken(['marketing'])
    expect((await redeem(coupon.code, 600, marketing)).status).toBe(403)
    expect((await redeem(coupon.code, 600.005)).status).toBe(400)
  })

  it("a member's coupons are listed in the contract's shape, filtered by status", async () => {
    const member = await newMember(suite.app)
    const { coupon } = await grantWelcomeCoupon(suite.app.deps, member.id)
    const res = await suite.app.request('GET', `/api/coupons?memberId=${member.id}&status=issued`, { token: tokens.agent })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ total: 1, items: [{ code: coupon!.code, memberId: member.id, campaign: expect.stringContaining('关注有礼'), amount: 50, threshold: 500, status: 'issued', expiresAt: coupon!.expiresAt }] })
    expect((await suite.app.request('GET', `/api/coupons?memberId=${member.id}&status=redeemed`, { token: tokens.agent })).body.total).toBe(0)
  })
})
