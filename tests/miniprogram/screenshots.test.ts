// Runs in Node with a jsdom document of its own: tests/miniprogram/dom.ts says why.
/**
 * Pictures of the main mini program pages for the README: the simulated page's DOM with the WXSS that
 * miniprogram-simulate compiled (TDesign's included), in headless Chromium at a phone's 375 px width.
 * `npm run screenshots` writes them to docs/screenshots; otherwise they go to tests/.tmp/screenshots.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adjustPoints } from '../../core/points/service.ts'
import { fixedClock } from '../../platform/clock.ts'
import { missingBrowser } from '../helpers/console-browser.ts'
import { startFakeWechat, wechatEnv, type FakeWechat } from '../helpers/fake-wechat.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { mpLogin, mpMember } from '../miniprogram-api/mp-kit.ts'
import { currentDocument } from './dom.ts'
import { buildMiniprogram, removeBuild, DIST, installWx, openPage, waitForText, type SimulatedPage, type SimulatedWechat } from './simulator.ts'

const require = createRequire(import.meta.url)
const SHOTS = resolve(import.meta.dirname, '../..', process.env.CAREDESK_SCREENSHOTS ?? 'tests/.tmp/screenshots')

/** What WeChat's runtime gives the wx-* elements, which a browser knows nothing about. */
const RUNTIME_CSS = `
  html, body { margin: 0; background: #f3f4f6; }
  /* simulate turns 1rpx into 1px; a 375 px phone shows 750rpx across, hence half size. */
  page { display: block; zoom: 0.5; min-height: 100vh; }
  wx-view, wx-picker, wx-image, wx-canvas, wx-scroll-view, wx-swiper, wx-form { display: block; }
  wx-text, wx-label { display: inline; }
  wx-button { display: block; box-sizing: border-box; padding: 20rpx 28rpx; border: 0; text-align: center; line-height: 1.4; }
  wx-image { width: 200rpx; height: 150rpx; }
  wx-input, wx-textarea { display: block; font-size: 30rpx; color: #bbb; }
  wx-input::before, wx-textarea::before { content: attr(placeholder); }
`

/** TDesign draws its QR code on a canvas, which jsdom has not: draw the same modules as SVG instead. */
function qrSvg(value: string, size: number) {
  const useQRCode = require(join(DIST, 'miniprogram_npm/tdesign-miniprogram/qrcode/hooks/useQRCode.js')).default
  const { cells } = useQRCode({ value, level: 'M', includeMargin: false, size }) as { cells: boolean[][] }
  const rects = cells.flatMap((row, y) => row.map((on, x) => (on ? `<rect x="${x}" y="${y}" width="1" height="1"/>` : ''))).join('')
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${cells.length} ${cells.length}" width="100%" height="100%" shape-rendering="crispEdges" fill="#1a1a1a">${rects}</svg>`
}

function pageHtml(page: SimulatedPage) {
  const wxss = require('miniprogram-simulate/src/wxss.js') as { compile(text: string, options: { prefix: string }): string }
  const appCss = wxss.compile(readFileSync(join(DIST, 'app.wxss'), 'utf8'), { prefix: 'main' }).replace(/(\d+)rpx/g, '$1px')
  const componentCss = [...currentDocument().head.querySelectorAll('style')].map((style) => style.textContent).join('\n')
  const body = page.dom.cloneNode(true)
  for (const host of body.querySelectorAll('[class*="t-qrcode--t-qrcode"]')) {
    const value = host.closest('[data-qr]')?.getAttribute('data-qr') ?? ''
    host.innerHTML = qrSvg(value, 180)
    host.setAttribute('style', 'width: 360px; height: 360px; margin: 0 auto') // size 180 in px, under the page's zoom
  }
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>${RUNTIME_CSS}${componentCss}${appCss}</style></head><body><page>${body.outerHTML}</page></body></html>`
}

describe('mini program screenshots (README)', () => {
  const clock = fixedClock('2026-12-02T10:00:00+08:00')
  let app: TestApp
  let wechat: FakeWechat
  let wx: SimulatedWechat
  let browser: Browser
  beforeAll(async () => {
    const missing = missingBrowser()
    if (missing) throw missing
    buildMiniprogram()
    mkdirSync(SHOTS, { recursive: true })
    wechat = await startFakeWechat()
    app = await startTestApp({ clock, env: wechatEnv(wechat) })
    wx = installWx(app.url, wechat)
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] })
  })
  afterAll(async () => {
    removeBuild()
    await browser?.close()
    await app?.stop()
    await wechat?.close()
  })

  async function shoot(name: string, page: SimulatedPage, qrValue = '') {
    if (qrValue) page.dom.setAttribute('data-qr', qrValue)
    const tab = await browser.newPage({ viewport: { width: 375, height: 720 }, deviceScaleFactor: 2, locale: 'zh-CN' })
    await tab.setContent(pageHtml(page))
    const path = join(SHOTS, `miniprogram-${name}.png`)
    await tab.screenshot({ path, fullPage: true })
    await tab.close()
    expect(readFileSync(path).length).toBeGreaterThan(10_000)
  }

  it('renders the home page, the member card, the coupons and the complaint form', async () => {
    const marketing = await app.staffToken(['marketing'])
    const member = await mpMember(app, wechat)
    await app.request('PATCH', `/api/members/${member.memberId}`, { token: await app.staffToken(['admin']), body: { name: '王女士' } })
    await adjustPoints(app.deps, member.memberId, { delta: 1280, reason: '到院消费 · 配镜', staffId: 'seed' })
    await adjustPoints(app.deps, member.memberId, { delta: -300, reason: '兑换礼品：护眼蒸汽眼罩', staffId: 'seed' })
    for (const [name, amount, threshold] of [['新客关注有礼 · 镜框', 50, 500], ['复查季 · 视光检查', 30, 0]] as const) {
      const campaign = await app.request('POST', '/api/coupon-campaigns', { token: marketing, body: { name, amount, threshold, productScope: '框架眼镜', validityDays: 60 } })
      await app.request('POST', `/api/coupon-campaigns/${campaign.body.id}/grants`, { token: marketing, body: { memberId: member.memberId } })
    }
    wx.useOpenid(member.openid)

    const home = openPage('index')
    await waitForText(home, '欢迎回来', '北京市朝阳区')
    await shoot('home', home)

    const card = openPage('card')
    await waitForText(card, '会员码', '到院消费 · 配镜')
    await shoot('card', card, card.instance.data.code)
    card.instance.onUnload()

    const coupons = openPage('coupons')
    await waitForText(coupons, '复查季 · 视光检查')
    await shoot('coupons', coupons)

    const form = openPage('complaint-new')
    await waitForText(form, '发生了什么')
    await shoot('complaint', form)

    const stranger = await mpLogin(app, wechat)
    wx.useOpenid(stranger.openid)
    const welcome = openPage('index')
    await waitForText(welcome, '绑定手机号，开通会员')
    await shoot('home-not-member', welcome)
  })
})
