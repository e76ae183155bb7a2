// Runs in Node with a jsdom document of its own: tests/miniprogram/dom.ts says why.
import { describe, expect, it, vi } from 'vitest'
import { mpMember, newOpenid, newPhone } from '../miniprogram-api/mp-kit.ts'
import { useSimulatedMiniprogram } from './miniprogram-kit.ts'
import { change, find, openPage, tap, textOf, waitForText } from './simulator.ts'

describe('mini program: 首页 and 我的', () => {
  const mp = useSimulatedMiniprogram()

  it('shows a member their clinic with its phone, hours and address, calls it and opens the map', async () => {
    const { openid } = await mpMember(mp.app, mp.wechat)
    mp.wx.useOpenid(openid)
    const page = openPage('index')
    await waitForText(page, '欢迎回来', '010-8555', '周一至周日 08:30-17:30', '北京市朝阳区建国路 88 号')
    tap(page, '.clinic-phone')
    await vi.waitFor(() => expect(mp.wx.calls).toEqual([expect.stringMatching(/^010-8555/)]))
    tap(page, '.map-link')
    await vi.waitFor(() => expect(mp.wx.locations).toEqual([expect.objectContaining({ latitude: 39.9075, longitude: 116.4716 })]))
  })

  it('invites a WeChat user who is not yet a member to bind their phone, and binds it from the home page', async () => {
    mp.wx.useOpenid(newOpenid())
    const page = openPage('index')
    await waitForText(page, '绑定手机号，开通会员', '微信手机号一键绑定', '北京朝阳眼科中心')
    const phone = newPhone()
    find(page, '.bind-button').dispatchEvent('getphonenumber', { detail: { code: mp.wechat.phoneCode(phone) } })
    await waitForText(page, '欢迎回来', '普通会员')
    expect(textOf(page)).not.toContain('一键绑定')
    const members = await mp.app.request('GET', `/api/members?q=${phone}`, { token: await mp.app.staffToken(['agent']) })
    expect(members.body.items.map((m: { phone: string }) => m.phone)).toContain(phone)
  })

  it('turns greetings off and back on from 我的, and the member record follows', async () => {
    const member = await mpMember(mp.app, mp.wechat)
    mp.wx.useOpenid(member.openid)
    const page = openPage('mine')
    await waitForText(page, member.phone.slice(0, 3), '接收关怀消息', '隐私说明')
    change(page, '#greetings', { value: false })
    await vi.waitFor(() => expect(mp.wx.toasts).toContain('已为您关闭关怀消息'))
    const agent = await mp.app.staffToken(['agent'])
    expect((await mp.app.request('GET', `/api/members/${member.memberId}`, { token: agent })).body.optedOut).toBe(true)
    change(page, '#greetings', { value: true })
    await vi.waitFor(() => expect(mp.wx.toasts).toContain('已为您开启关怀消息'))
    expect((await mp.app.request('GET', `/api/members/${member.memberId}`, { token: agent })).body.optedOut).toBe(false)
    tap(page, '#privacy')
    await vi.waitFor(() => expect(mp.wx.navigations).toContain('/pages/privacy/privacy'))
  })

  it('explains in plain Chinese what data is kept, why, and how to withdraw', async () => {
    const page = openPage('privacy')
    await waitForText(page, '我们收集什么', '为什么收集', '您怎样撤回', '接收关怀消息')
  })

  it('logs in again once when the stored token is no longer accepted', async () => {
    const member = await mpMember(mp.app, mp.wechat)
    mp.wx.useOpenid(member.openid)
    mp.wx.storeToken('not-a-valid-token')
    const logins = mp.wechat.calls('/sns/jscode2session')
    const page = openPage('mine')
    await waitForText(page, '接收关怀消息')
    expect(mp.wechat.calls('/sns/jscode2session')).toBe(logins + 1)
  })
})
