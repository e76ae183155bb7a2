import { describe, expect, it } from 'vitest'
import { WELCOME_CAMPAIGN_KEY } from '../../core/coupons/campaigns.ts'
import { welcomeMessage } from '../../core/coupons/copy.ts'
import { campaignModel, couponModel } from '../../core/coupons/model.ts'
import { grantWelcomeCoupon } from '../../core/coupons/service.ts'
import { joinAsMember } from '../../core/members/service.ts'
import { fixedClock } from '../../platform/clock.ts'
import { useTestApp } from '../helpers/test-app.ts'
import { newMember } from '../members/factories.ts'

describe('关注有礼: the welcome coupon', () => {
  const clock = fixedClock('2026-11-23T02:00:00Z') // 10:00 in Shanghai
  const suite = useTestApp({ clock })

  it('a new member gets 50 yuan off frame glasses from 500 yuan, valid through the 30th day', async () => {
    const member = await newMember(suite.app)
    const { coupon, created } = await grantWelcomeCoupon(suite.app.deps, member.id)
    expect(created).toBe(true)
    expect(coupon).toMatchObject({ memberId: member.id, amount: 50, threshold: 500, productScope: '框架眼镜', status: 'issued' })
    expect(coupon!.code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/)
    expect(coupon!.expiresAt).toBe('2026-12-23T15:59:59.999Z') // 23:59:59 on 23 December in Shanghai
  })

  it('ten grants at once give exactly one coupon', async () => {
    const member = await newMember(suite.app)
    const results = await Promise.all(Array.from({ length: 10 }, () => grantWelcomeCoupon(suite.app.deps, member.id)))
    expect(results.filter((r) => r.created)).toHaveLength(1)
    expect(new Set(results.map((r) => r.coupon!.code)).size).toBe(1)
    expect(await couponModel(suite.app.deps.db).countDocuments({ memberId: member.id })).toBe(1)
  })

  it('re-adding the account gives no second coupon', async () => {
    const add = () => joinAsMember(suite.app.deps, { channel: 'wechaty', externalId: 'wx-returning', name: '王芳', clinicCode: 'BJ01' })
    const first = await grantWelcomeCoupon(suite.app.deps, (await add()).member.id)
    clock.advance(7 * 24 * 3600_000)
    const again = await grantWelcomeCoupon(suite.app.deps, (await add()).member.id)
    clock.set('2026-11-23T02:00:00Z')
    expect(again.created).toBe(false)
    expect(again.coupon!.code).toBe(first.coupon!.code)
  })

  it('the welcome campaign is seeded once with its stable key', async () => {
    expect(await campaignModel(suite.app.deps.db).countDocuments({ key: WELCOME_CAMPAIGN_KEY })).toBe(1)
  })

  it('a campaign limited in quantity never gives out more than its quantity, even under concurrency', async () => {
    const marketing = await suite.app.staffToken(['marketing'])
    const created = await suite.app.request('POST', '/api/coupon-campaigns', {
      token: marketing,
      body: { name: '限量配镜礼', trigger: 'manual', amount: 30, threshold: 300, productScope: '框架眼镜', validityDays: 14, quantity: 3 },
    })
    expect(created.status).toBe(201)
    const members = await Promise.all(Array.from({ length: 8 }, () => newMember(suite.app)))
    const grants = await Promise.all(members.map((m) => suite.app.request('POST', `/api/coupon-campaigns/${created.body.id}/grants`, { token: marketing, body: { memberId: m.id } })))
    expect(grants.filter((g) => g.status === 201)).toHaveLength(3)
    expect(grants.filter((g) => g.status === 410).map((g) => g.body.error.code)).toEqual(Array(5).fill('campaign_sold_out'))
    const campaign = await suite.app.request('GET', `/api/coupon-campaigns/${created.body.id}`, { token: marketing })
    expect(campaign.body).toMatchObject({ quantity: 3, issued: 3, remaining: 0 })
  })

  it('a campaign outside its active window gives nothing (422 for a staff grant)', async () => {
    const marketing = await suite.app.staffToken(['marketing'])
    const created = await suite.app.request('POST', '/api/coupon-campaigns', {
      token: marketing,
      body: { name: '双十一配镜礼', amount: 100, threshold: 1000, productScope: '框架眼镜', endsAt: '2026-11-30T23:59:59+08:00', activeFrom: '2026-11-01T00:00:00+08:00', activeTo: '2026-11-12T00:00:00+08:00' },
    })
    const member = await newMember(suite.app)
    const res = await suite.app.request('POST', `/api/coupon-campaigns/${created.body.id}/grants`, { token: marketing, body: { memberId: member.id } })
    expect(res.status).toBe(422)
    expect(res.body.error.code).toBe('campaign_closed')
  })

  it('while no welcome campaign is open, a new member gets no coupon and the bot is told why', async () => {
    await campaignModel(suite.app.deps.db).updateOne({ key: WELCOME_CAMPAIGN_KEY }, { $set: { activeTo: new Date('2026-11-01T00:00:00Z') } })
    try {
      const member = await newMember(suite.app)
      expect(await grantWelcomeCoupon(suite.app.deps, member.id)).toEqual({ coupon: null, created: false, reason: 'campaign_closed' })
    } finally {
      await campaignModel(suite.app.deps.db).updateOne({ key: WELCOME_CAMPAIGN_KEY }, { $set: { activeTo: null } })
    }
  })

  it('the welcome message says who we are, what the bot can do, and how and until when to use the coupon', async () => {
    const member = await newMember(suite.app)
    const { coupon } = await grantWelcomeCoupon(suite.app.deps, member.id)
    const text = welcomeMessage({ name: '北京朝阳眼科中心', phone: '010-8555 0101', hours: '周一至周日 08:30-17:30' }, coupon)
    for (const part of ['北京朝阳眼科中心', '010-8555 0101', '优惠券', '积分', '预约', '报告', '投诉', '转人工', coupon!.code, '出示券码', '满500减50', '2026年12月23日']) {
      expect(text).toContain(part)
    }
    expect(welcomeMessage({ name: '北京朝阳眼科中心', phone: '010', hours: '全天' }, null)).not.toContain('券码')
  })
})
