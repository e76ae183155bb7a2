// Runs in Node with a jsdom document of its own: tests/miniprogram/dom.ts says why.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { adjustPoints } from '../../core/points/service.ts'
import { startFakeWechat, wechatEnv, type FakeWechat } from '../helpers/fake-wechat.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { mpLogin, mpMember } from '../miniprogram-api/mp-kit.ts'
import { buildMiniprogram, removeBuild, installWx, find, openPage, tapStateAction, textOf, waitForText, type SimulatedWechat } from './simulator.ts'

describe('mini program: 会员卡 and 我的优惠券', () => {
  let app: TestApp
  let wechat: FakeWechat
  let wx: SimulatedWechat
  let supervisor: string
  beforeAll(async () => {
    buildMiniprogram()
    wechat = await startFakeWechat()
    app = await startTestApp({ env: wechatEnv(wechat) })
    wx = installWx(app.url, wechat)
    supervisor = await app.staffToken(['supervisor'])
  })
  afterAll(async () => {
    removeBuild()
    await app?.stop()
    await wechat?.close()
  })

  /** A member with three coupons of 50 off 500: one usable, one used at the counter, one voided (shown as expired). */
  async function memberWithCoupons() {
    const marketing = await app.staffToken(['marketing'])
    const member = await mpMember(app, wechat)
    const codes: string[] = []
    for (const name of ['镜框满500减50', '复查满500减50', '护理满500减50']) {
      const campaign = await app.request('POST', '/api/coupon-campaigns', { token: marketing, body: { name, amount: 50, threshold: 500, productScope: '框架眼镜', validityDays: 30 } })
      expect(campaign.status, JSON.stringify(campaign.body)).toBe(201)
      const grant = await app.request('POST', `/api/coupon-campaigns/${campaign.body.id}/grants`, { token: marketing, body: { memberId: member.memberId } })
      expect(grant.status, JSON.stringify(grant.body)).toBeLessThan(300)
      codes.push(grant.body.coupon?.code ?? grant.body.code)
    }
    expect((await app.request('POST', `/api/coupons/${codes[1]}/redeem`, { token: supervisor, body: { orderAmount: 800 } })).status).toBe(200)
    expect((await app.request('POST', `/api/coupons/${codes[2]}/void`, { token: supervisor, body: { reason: '测试' } })).status).toBe(200)
    wx.useOpenid(member.openid)
    return { ...member, usable: codes[0], used: codes[1], voided: codes[2] }
  }

  it('shows the member’s name, tier and benefits, the points history and the member code, fetched again after refreshAfterSeconds', async () => {
    const member = await mpMember(app, wechat)
    await adjustPoints(app.deps, member.memberId, { delta: 1200, reason: '到院消费', staffId: 'test' })
    await adjustPoints(app.deps, member.memberId, { delta: -200, reason: '兑换礼品：护眼蒸汽眼罩', staffId: 'test' })
    wx.useOpenid(member.openid)
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      const page = openPage('card')
      await waitForText(page, member.member.tierName, member.member.benefits[0], '到院消费', '+1200', '兑换礼品：护眼蒸汽眼罩', '-200', '会员码')
      expect(page.querySelector('.points-balance')!.dom.textContent).toBe('1000')
      const shown = find(page, '.member-qr').instance.data.value
      const counter = await app.request('POST', '/api/counter/member-code', { token: supervisor, body: { code: shown } })
      expect(counter.status, 'the counter scans the code the card shows').toBe(200)
      expect(counter.body.member.id).toBe(member.memberId)
      const fetches = () => wx.requests.filter((r) => r.path === '/api/mp/card-code').length
      expect(fetches()).toBe(1)
      const { refreshAfterSeconds } = (await app.request('GET', '/api/mp/card-code', { token: member.token })).body
      await vi.advanceTimersByTimeAsync(refreshAfterSeconds * 1000)
      await vi.waitFor(() => expect(fetches()).toBe(2))
      page.instance.onHide()
      await vi.advanceTimersByTimeAsync(refreshAfterSeconds * 3000)
      expect(fetches(), 'a hidden card stops refreshing').toBe(2)
    } finally {
      vi.useRealTimers()
    }
  })

  it('lists usable, used and expired coupons under their tabs, and opens one with its code, threshold, amount and expiry', async () => {
    const m = await memberWithCoupons()
    const page = openPage('coupons')
    await vi.waitFor(() => expect(page.instance.data.items.map((c: { code: string }) => c.code)).toEqual([m.usable]))
    await waitForText(page, '满500元可用', '有效期至')
    page.instance.onTabChange({ detail: { value: 'used' } })
    await vi.waitFor(() => expect(page.instance.data.items.map((c: { code: string }) => c.code)).toEqual([m.used]))
    await waitForText(page, '使用')
    page.instance.onTabChange({ detail: { value: 'expired' } })
    await vi.waitFor(() => expect(page.instance.data.items.map((c: { code: string }) => c.code)).toEqual([m.voided]))

    const detail = openPage('coupon', { code: m.usable })
    await waitForText(detail, '可使用', m.usable, '订单满500元', '50元', '有效期至')
    expect(find(detail, '.coupon-qr').instance.data.value, 'the QR carries the coupon code').toBe(m.usable)
  })

  it('says so when there are no coupons, and asks a WeChat user without a member card to bind their phone', async () => {
    const member = await mpMember(app, wechat)
    wx.useOpenid(member.openid)
    const empty = openPage('coupons', { status: 'expired' })
    await waitForText(empty, '没有过期的优惠券')

    const stranger = await mpLogin(app, wechat)
    wx.useOpenid(stranger.openid)
    const card = openPage('card')
    await waitForText(card, '请先绑定手机号', '去绑定手机号')
    tapStateAction(card)
    await vi.waitFor(() => expect(wx.navigations).toContain('/pages/mine/mine'))
  })

  it('shows a network failure with a retry that loads the page once the network is back', async () => {
    const member = await mpMember(app, wechat)
    wx.useOpenid(member.openid)
    wx.offline = true
    const page = openPage('coupons')
    await waitForText(page, '网络好像不太顺畅', '重新加载')
    wx.offline = false
    tapStateAction(page)
    await waitForText(page, '暂时没有可用的优惠券')
    expect(textOf(page)).not.toContain('重新加载')
  })
})
