// Runs in Node with a jsdom document of its own: tests/miniprogram/dom.ts says why.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startFakeWechat, wechatEnv, type FakeWechat } from '../helpers/fake-wechat.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { mpMember, newOpenid, newPhone } from '../miniprogram-api/mp-kit.ts'
import { buildMiniprogram, removeBuild, change, find, installWx, openPage, tap, textOf, waitForText, type SimulatedWechat } from './simulator.ts'

describe('mini program: 首页 and 我的', () => {
  let app: TestApp
  let wechat: FakeWechat
  let wx: SimulatedWechat
  beforeAll(async () => {
    buildMiniprogram()
    wechat = await startFakeWechat()
    app = await startTestApp({ env: wechatEnv(wechat) })
    wx = installWx(app.url, wechat)
  })
  afterAll(async () => {
    removeBuild()
    await app?.stop()
    await wechat?.close()
  })

  it('shows a member their clinic with its phone, hours and address, calls it and opens the map', async () => {
    const { openid } = await mpMember(app, wechat)
    wx.useOpenid(openid)
    const page = openPage('index')
    await waitForText(page, '欢迎回来', '010-8555', '周一至周日 08:30-17:30', '北京市朝阳区建国路 88 号')
    tap(page, '.clinic-phone')
    await vi.waitFor(() => expect(wx.calls).toEqual([expect.stringMatching(/^010-8555/)]))
    tap(page, '.map-link')
    await vi.waitFor(() => expect(wx.locations).toEqual([expect.objectContaining({ latitude: 39.9075, longitude: 116.4716 })]))
  })

  it('invites a WeChat user who is not yet a member to bind their phone, and binds it from the home page', async () => {
    wx.useOpenid(newOpenid())
    const page = openPage('index')
    await waitForText(page, '绑定手机号，开通会员', '微信手机号一键绑定', '北京朝阳眼科中心')
    const phone = newPhone()
    find(page, '.bind-button').dispatchEvent('getphonenumber', { detail: { code: wechat.phoneCode(phone) } })
    await waitForText(page, '欢迎回来', '普通会员')
    expect(textOf(page)).not.toContain('一键绑定')
    const members = await app.request('GET', `/api/members?q=${phone}`, { token: await app.staffToken(['agent']) })
    expect(members.body.items.map((m: { phone: string }) => m.phone)).toContain(phone)
  })

  it('turns greetings off and back on from 我的, and the member record follows', async () => {
    const member = await mpMember(app, wechat)
    wx.useOpenid(member.openid)
    const page = openPage('mine')
    await waitForText(page, member.phone.slice(0, 3), '接收关怀消息', '隐私说明')
    change(page, '#greetings', { value: false })
    await vi.waitFor(() => expect(wx.toasts).toContain('已为您关闭关怀消息'))
    const agent = await app.staffToken(['agent'])
    expect((await app.request('GET', `/api/members/${member.memberId}`, { token: agent })).body.optedOut).toBe(true)
    change(page, '#greetings', { value: true })
    await vi.waitFor(() => expect(wx.toasts).toContain('已为您开启关怀消息'))
    expect((await app.request('GET', `/api/members/${member.memberId}`, { token: agent })).body.optedOut).toBe(false)
    tap(page, '#privacy')
    await vi.waitFor(() => expect(wx.navigations).toContain('/pages/privacy/privacy'))
  })

  it('explains in plain Chinese what data is kept, why, and how to withdraw', async () => {
    const page = openPage('privacy')
    await waitForText(page, '我们收集什么', '为什么收集', '您怎样撤回', '接收关怀消息')
  })

  it('logs in again once when the stored token is no longer accepted', async () => {
    const member = await mpMember(app, wechat)
    wx.useOpenid(member.openid)
    wx.storeToken('not-a-valid-token')
    const logins = wechat.calls('/sns/jscode2session')
    const page = openPage('mine')
    await waitForText(page, '接收关怀消息')
    expect(wechat.calls('/sns/jscode2session')).toBe(logins + 1)
  })
})
