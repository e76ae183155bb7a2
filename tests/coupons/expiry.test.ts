import { describe, expect, it } from 'vitest'
import { couponExpiryReminder, couponListReply } from '../../core/coupons/copy.ts'
import { claimExpiryReminders, couponsExpiringSoon } from '../../core/coupons/expiry.ts'
import { expireCouponsJob } from '../../core/coupons/jobs.ts'
import { grantWelcomeCoupon, listMemberCoupons } from '../../core/coupons/service.ts'
import { setOptedOut } from '../../core/members/service.ts'
import { fixedClock } from '../../platform/clock.ts'
import { useTestApp } from '../helpers/test-app.ts'
import { newMember } from '../members/factories.ts'

describe('coupon expiry, reminders and the coupon answer', () => {
  const issuedAt = '2026-11-23T02:00:00Z'
  const clock = fixedClock(issuedAt) // welcome coupons issued now expire at the end of 23 December (Shanghai)
  const suite = useTestApp({ clock })

  const withCoupon = async () => {
    clock.set(issuedAt)
    const member = await newMember(suite.app)
    const { coupon } = await grantWelcomeCoupon(suite.app.deps, member.id)
    return { member, coupon: coupon! }
  }

  it('the daily job marks coupons past their last day as expired, and only those', async () => {
    const { member } = await withCoupon()
    expect(await expireCouponsJob.run(suite.app.deps, { now: new Date('2026-12-23T15:00:00Z') })).toEqual({ expired: 0 })
    const result = (await expireCouponsJob.run(suite.app.deps, { now: new Date('2026-12-23T16:05:00Z') })) as { expired: number }
    expect(result.expired).toBeGreaterThanOrEqual(1)
    clock.set('2026-12-23T16:05:00Z')
    expect((await listMemberCoupons(suite.app.deps, member.id))[0].status).toBe('expired')
  })

  it('members with a coupon whose last day is within 3 days are found; not before', async () => {
    const { member, coupon } = await withCoupon()
    const early = await couponsExpiringSoon(suite.app.deps, new Date('2026-12-19T02:00:00Z'))
    expect(early.some((m) => m.member.id === member.id)).toBe(false)
    const soon = await couponsExpiringSoon(suite.app.deps, new Date('2026-12-20T02:00:00Z'))
    expect(soon.find((m) => m.member.id === member.id)?.coupons.map((c) => c.code)).toEqual([coupon.code])
  })

  it('an expiry reminder goes out once per coupon, even when two runs claim at once', async () => {
    const { member } = await withCoupon()
    const now = new Date('2026-12-21T02:00:00Z')
    const [a, b] = await Promise.all([claimExpiryReminders(suite.app.deps, now), claimExpiryReminders(suite.app.deps, now)])
    const mine = [...a, ...b].filter((r) => r.memberId === member.id)
    expect(mine).toHaveLength(1)
    expect(mine[0].text).toContain('2026年12月23日')
    expect(mine[0].text).toContain(mine[0].coupons[0].code)
    expect((await claimExpiryReminders(suite.app.deps, new Date('2026-12-22T02:00:00Z'))).filter((r) => r.memberId === member.id)).toHaveLength(0)
  })

  it('members who opted out get no reminder, and redeemed coupons are not reminded', async () => {
    const optedOut = await withCoupon()
    await setOptedOut(suite.app.deps, optedOut.member.id, true)
    const redeemed = await withCoupon()
    const agent = await suite.app.staffToken(['agent'])
    expect((await suite.app.request('POST', `/api/coupons/${redeemed.coupon.code}/redeem`, { token: agent, body: { orderAmount: 900 } })).status).toBe(200)
    const reminders = await claimExpiryReminders(suite.app.deps, new Date('2026-12-21T02:00:00Z'))
    const ids = reminders.map((r) => r.memberId)
    expect(ids).not.toContain(optedOut.member.id)
    expect(ids).not.toContain(redeemed.member.id)
  })

  it('the coupon answer lists usable coupons with code, offer and last day; an empty list gets a kind answer', async () => {
    const { member, coupon } = await withCoupon()
    const text = couponListReply(await listMemberCoupons(suite.app.deps, member.id))
    expect(text).toContain(coupon.code)
    expect(text).toContain('框架眼镜满500减50元')
    expect(text).toContain('2026年12月23日')
    expect(couponListReply([])).toContain('还没有优惠券')
    expect(couponListReply([{ ...coupon, status: 'redeemed' }])).toContain('已经使用或过期')
    expect(couponExpiryReminder([coupon, coupon])).toContain('2 张优惠券即将到期')
  })

  it('the campaign report counts issued and redeemed coupons, the rate and the discount given', async () => {
    clock.set(issuedAt)
    const marketing = await suite.app.staffToken(['marketing'])
    const agent = await suite.app.staffToken(['agent'])
    const campaign = (await suite.app.request('POST', '/api/coupon-campaigns', { token: marketing, body: { name: '复诊有礼', amount: 20, threshold: 200, productScope: '验光', validityDays: 10 } })).body
    const codes: string[] = []
    for (let i = 0; i < 4; i++) {
      const member = await newMember(suite.app)
      codes.push((await suite.app.request('POST', `/api/coupon-campaigns/${campaign.id}/grants`, { token: marketing, body: { memberId: member.id } })).body.code)
    }
    await suite.app.request('POST', `/api/coupons/${codes[0]}/redeem`, { token: agent, body: { orderAmount: 260 } })
    await suite.app.request('POST', `/api/coupons/${codes[1]}/redeem`, { token: agent, body: { orderAmount: 300.5 } })
    const report = await suite.app.request('GET', `/api/coupon-campaigns/${campaign.id}/report`, { token: marketing })
    expect(report.status).toBe(200)
    expect(report.body).toEqual({ campaignId: campaign.id, name: '复诊有礼', issued: 4, redeemed: 2, expired: 0, void: 0, outstanding: 2, redemptionRate: 0.5, discountGiven: 40, orderTotal: 560.5 })
  })
})
