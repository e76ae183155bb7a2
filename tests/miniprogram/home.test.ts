import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startFakeWechat, wechatEnv, type FakeWechat } from '../helpers/fake-wechat.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { mpMember, newOpenid } from '../miniprogram-api/mp-kit.ts'
import { buildMiniprogram, installWx, openPage, tap, textOf, waitForText, type SimulatedWechat } from './simulator.ts'

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
})
