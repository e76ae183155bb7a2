/**
 * The staff console in a real browser (Debian's Chromium driven by playwright-core) against the
 * real server and database: the login, the live inbox with the sandbox simulator beside it, the
 * counter, members, the dashboard, and a role refused a page. It also takes the screenshots of
 * the README (`npm run screenshots` writes them to docs/screenshots; a plain test run writes them
 * under tests/.tmp so the repository does not change).
 */
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { LIVE, logIn, missingBrowser, openConsoleBrowser, shot, type ConsoleBrowser } from '../helpers/console-browser.ts'
import { ADMIN, startTestApp, type TestApp } from '../helpers/test-app.ts'
import { Types } from 'mongoose'
import { issueMemberCode } from '../../core/miniprogram/member-code.ts'
import { tokenSigner } from '../../core/staff/service.ts'

const STEP = 120_000 // per test: each drives the real bot and server through several steps

const AGENT = { username: 'wangxiao', password: 'agent-password-1', name: '王晓' }
const MARKETING = { username: 'liqing', password: 'marketing-password-1', name: '李青' }

describe('the staff console in a browser', () => {
  let app: TestApp
  let browser: ConsoleBrowser
  let context: BrowserContext
  let consolePage: Page
  let simulator: Page
  let adminToken: string
  let customerId: string
  /** Without a browser every test fails with this (none is skipped). */
  const noBrowser = missingBrowser()

  beforeAll(async () => {
    if (noBrowser) return
    app = await startTestApp()
    adminToken = await app.login()
    for (const [who, roles] of [
      [AGENT, ['agent']],
      [MARKETING, ['marketing']],
    ] as const) {
      const res = await app.request('POST', '/api/staff', { token: adminToken, body: { ...who, roles, clinicCodes: [] } })
      expect(res.status).toBe(201)
    }
    browser = await openConsoleBrowser(app.url)
    context = browser.context
    consolePage = browser.page
    simulator = await context.newPage()
  }, 180_000)

  beforeEach(() => {
    if (noBrowser) throw noBrowser
  })

  afterAll(async () => {
    await browser?.close()
    await app?.stop()
  })

  it('opens on the login page and logs an agent in to their menu', async () => {
    await consolePage.goto('/')
    await consolePage.getByRole('heading', { name: '员工登录' }).waitFor()
    await shot(consolePage, 'login')

    await consolePage.locator('input[autocomplete=username]').fill(AGENT.username)
    await consolePage.locator('input[autocomplete=current-password]').fill('wrong-password')
    await consolePage.getByRole('button', { name: '登录' }).click()
    await consolePage.getByText('用户名或密码错误。').waitFor()

    await logIn(consolePage, AGENT)
    const menu = await consolePage.locator('.menu-item .menu-title').allTextContents()
    expect(menu).toEqual(['工作台', '会话', '预约', '核销', '会员', '投诉', '关怀计划', '服务质量', '模拟器'])
  }, STEP)

  it('an escalation raised in the simulator appears in the inbox without a reload, is claimed and answered, and the reply reaches the customer', async () => {
    await consolePage.locator('.menu-item', { hasText: '会话' }).click()
    await consolePage.locator('.live-dot.on').waitFor() // the event stream is open
    await consolePage.evaluate('window.notReloaded = true') // gone if the page reloads

    // The customer, played in the simulator: create, add the account, chat.
    await simulator.goto('/simulator')
    await simulator.locator('[data-testid=sim-name] input').fill('陈阿姨')
    await simulator.getByTestId('sim-create').click()
    await simulator.getByTestId('sim-add').click()
    await simulator.getByTestId('sim-transcript').getByText(/欢迎/).first().waitFor()
    await simulator.getByTestId('sim-input').fill('我要找人工客服')
    await simulator.getByTestId('sim-send').click()
    await simulator.getByTestId('sim-transcript').getByText(/转接人工客服/).waitFor()
    customerId = await simulator.evaluate<string>("JSON.parse(localStorage.getItem('caredesk.sandboxCustomers'))[0].id")

    // A second customer with an emergency, through the sandbox API: on top, in red.
    const urgent = await app.request('POST', '/api/sandbox/customers', { body: { name: '赵先生' } })
    await app.request('POST', `/api/sandbox/customers/${urgent.body.id}/friend-request`, { body: {} })
    await expect.poll(async () => (await app.request('GET', `/api/sandbox/customers/${urgent.body.id}`)).body.memberId, { timeout: LIVE }).toBeTruthy()
    await app.request('POST', `/api/sandbox/customers/${urgent.body.id}/messages`, { body: { text: '我做完手术眼睛突然剧痛，还流血了怎么办' } })

    const queue = consolePage.getByTestId('queue-item')
    await queue.filter({ hasText: '陈阿姨' }).waitFor()
    await queue.filter({ hasText: '赵先生' }).waitFor()
    await expect.poll(() => queue.first().textContent()).toContain('赵先生')
    expect(await queue.first().textContent()).toContain('紧急')
    await consolePage.getByTestId('emergency-banner').waitFor()
    expect(await consolePage.evaluate('window.notReloaded')).toBe(true)

    await queue.filter({ hasText: '陈阿姨' }).click()
    await consolePage.getByTestId('chat-messages').getByText('我要找人工客服').waitFor()
    await consolePage.getByTestId('claim').click()
    await consolePage.getByTestId('reply-box').waitFor()
    await consolePage.getByTestId('chat-messages').getByText(/我是客服王晓/).waitFor()
    await consolePage.locator('[data-testid=reply-box] textarea').fill('陈阿姨您好，我是王晓，您的镜片已经到店了，随时可以来取。')
    await consolePage.getByTestId('send').click()
    await consolePage.getByTestId('chat-messages').getByText(/镜片已经到店/).waitFor()
    await consolePage.getByTestId('member-card').getByText('关注有礼', { exact: false }).first().waitFor()

    const reply = simulator.getByTestId('sim-transcript').locator('.row.them', { hasText: '镜片已经到店' })
    await reply.waitFor()
    expect(await reply.textContent()).toContain('人工客服')
    expect(await consolePage.evaluate('window.notReloaded')).toBe(true)

    await consolePage.locator('.t-message').first().waitFor({ state: 'detached' }) // the 已接入 toast
    await shot(consolePage, 'inbox')
    await shot(simulator, 'simulator')

    // An agent may not list staff: transfer offers the colleagues now holding chats (none here).
    await consolePage.getByTestId('transfer').click()
    await consolePage.getByText('暂无可转接的同事').waitFor()
    await consolePage.keyboard.press('Escape')
    await consolePage.getByText('暂无可转接的同事').waitFor({ state: 'hidden' })

    // Release: back to the bot, and the customer is told.
    await consolePage.getByTestId('release').click()
    await consolePage.locator('.t-popconfirm').getByRole('button', { name: '确定' }).click()
    await simulator.getByTestId('sim-transcript').getByText(/感谢您的耐心沟通/).waitFor()
    await expect.poll(() => consolePage.getByTestId('mine-item').count()).toBe(0)
  }, STEP)

  it('the counter redeems the welcome coupon the customer got by adding the account, and explains every refusal', async () => {
    const { memberId } = (await app.request('GET', `/api/sandbox/customers/${customerId}`)).body
    const coupons = await app.request('GET', `/api/coupons?memberId=${memberId}`, { token: adminToken })
    expect(coupons.body.items).toHaveLength(1)
    const { code } = coupons.body.items[0]

    await consolePage.locator('.menu-item', { hasText: '核销' }).click()
    const redeem = async (couponCode: string, amount: string) => {
      await consolePage.locator('[data-testid=coupon-code] input').fill(couponCode)
      await consolePage.locator('[data-testid=order-amount] input').fill(amount)
      await consolePage.getByTestId('redeem').click()
    }
    const result = consolePage.getByTestId('redeem-result')

    await redeem(code, '300')
    await result.getByText('未达到使用门槛').waitFor() // 422
    expect(await result.textContent()).toContain('满 500 元')

    await redeem(code.toLowerCase().replace('-', ''), '680')
    await result.getByText('核销成功').waitFor() // 200
    expect(await result.textContent()).toContain('顾客实付 ¥630')
    await shot(consolePage, 'counter')

    await redeem(code, '680')
    await result.getByText('该券已核销').waitFor() // 409

    await redeem('ZZZZ-ZZZZ', '680')
    await result.getByText('券码不存在').waitFor() // 404

    // A voided coupon (410): a campaign's coupon granted to the same member, then voided.
    const campaign = await app.request('POST', '/api/coupon-campaigns', { token: adminToken, body: { name: '秋季验光券', amount: 20, threshold: 100, productScope: '验光', validityDays: 30 } })
    expect(campaign.status).toBe(201)
    const granted = await app.request('POST', `/api/coupon-campaigns/${campaign.body.id}/grants`, { token: adminToken, body: { memberId } })
    expect((await app.request('POST', `/api/coupons/${granted.body.code}/void`, { token: adminToken, body: { reason: '测试' } })).status).toBe(200)
    await redeem(granted.body.code, '200')
    await result.getByText('该券已作废').waitFor() // 410
  }, STEP)

  it('the counter finds a member by the code on their mini program card and picks their usable coupon', async () => {
    const { memberId } = (await app.request('GET', `/api/sandbox/customers/${customerId}`)).body
    const campaign = await app.request('POST', '/api/coupon-campaigns', { token: adminToken, body: { name: '冬季护眼券', amount: 30, threshold: 200, productScope: '护眼', validityDays: 30 } })
    const granted = await app.request('POST', `/api/coupon-campaigns/${campaign.body.id}/grants`, { token: adminToken, body: { memberId } })
    expect(granted.status).toBe(201)
    const { code } = await issueMemberCode(app.deps, await tokenSigner(app.deps, 'm1'), new Types.ObjectId(memberId))

    await consolePage.locator('.menu-item', { hasText: '核销' }).click()
    await consolePage.locator('[data-testid=member-code-input] input').fill('1234 5678 9012')
    await consolePage.getByTestId('member-code-lookup').click()
    await consolePage.getByTestId('member-code-error').getByText('不是有效的会员码').waitFor() // 422

    await consolePage.locator('[data-testid=member-code-input] input').fill(code)
    await consolePage.locator('[data-testid=member-code-input] input').press('Enter') // what a scanner does
    const found = consolePage.getByTestId('member-code-result')
    await found.getByText('冬季护眼券').waitFor()
    expect(await found.getByTestId('member-coupon').count()).toBe(1) // the used and voided ones are not offered
    await found.getByTestId('member-coupon').click()
    await consolePage.getByTestId('redeem-result').getByText('冬季护眼券：可使用').waitFor()
    expect(await consolePage.locator('[data-testid=coupon-code] input').inputValue()).toBe(granted.body.code)
    await shot(consolePage, 'counter-member-code')
  }, STEP)

  it('members are found by name and their profile shows visits, points and coupons', async () => {
    await consolePage.locator('.menu-item', { hasText: '会员' }).click()
    await consolePage.locator('[data-testid=member-query] input').fill('陈阿姨')
    await consolePage.getByTestId('member-search').click()
    const row = consolePage.locator('tbody tr', { hasText: '陈阿姨' })
    await row.waitFor()
    expect(await row.textContent()).toContain('普通会员')
    await consolePage.locator('[data-testid=member-query] input').fill('')
    await consolePage.getByTestId('member-search').click()
    await consolePage.locator('tbody tr', { hasText: '赵先生' }).waitFor()
    await shot(consolePage, 'members')

    await consolePage.locator('tbody tr', { hasText: '陈阿姨' }).click()
    const profile = consolePage.getByTestId('member-profile')
    await profile.waitFor()
    expect(await profile.textContent()).toContain('D · 普通会员')
    await consolePage.getByText('已核销').first().waitFor()
    await consolePage.getByText('已作废').first().waitFor()
    await shot(consolePage, 'member-profile')
  }, STEP)

  it('the dashboard shows the day’s real figures', async () => {
    await consolePage.locator('.menu-item', { hasText: '工作台' }).click()
    await consolePage.getByTestId('dashboard').waitFor()
    await expect.poll(() => consolePage.getByTestId('stat-redeemed-today').textContent()).toBe('1')
    expect(await consolePage.getByTestId('stat-waiting').textContent()).toBe('1') // the emergency; 陈阿姨 went back to the bot
    await consolePage.locator('canvas').first().waitFor()
    await consolePage.waitForTimeout(800) // let the charts' entry animation finish
    await shot(consolePage, 'dashboard')
  }, STEP)

  it('a role without access is refused the page by the menu, the router and the API', async () => {
    // The agent: no settings in the menu, and the address is refused.
    await consolePage.goto('/settings')
    await consolePage.getByTestId('forbidden').waitFor()
    expect(await consolePage.getByTestId('forbidden').textContent()).toContain('无权访问「设置」')

    // Marketing: no inbox or counter, and the API refuses them too.
    await consolePage.getByRole('button', { name: '退出' }).click()
    await logIn(consolePage, MARKETING)
    expect(await consolePage.locator('.menu-item .menu-title').allTextContents()).toEqual(['工作台', '会员', '群发', '关怀计划', '模拟器'])
    await consolePage.goto('/inbox')
    await consolePage.getByTestId('forbidden').waitFor()
    expect(await consolePage.getByTestId('forbidden').textContent()).toContain('无权访问「会话」')

    const marketing = await app.login(MARKETING.username, MARKETING.password)
    const agent = await app.login(AGENT.username, AGENT.password)
    expect((await app.request('GET', '/api/conversations?status=escalated', { token: marketing })).status).toBe(403)
    expect((await app.request('POST', '/api/coupons/ABCD-2345/redeem', { token: marketing, body: { orderAmount: 600 } })).status).toBe(403)
    expect((await app.request('GET', '/api/staff', { token: agent })).status).toBe(403)
    expect((await app.request('GET', '/api/channels/status', { token: agent })).status).toBe(403)
    expect((await app.request('GET', '/api/channels/status')).status).toBe(401)
  }, STEP)

  it('the settings page shows an admin the staff, the WeChat connection and the jobs', async () => {
    await consolePage.getByRole('button', { name: '退出' }).click()
    await logIn(consolePage, ADMIN)
    await consolePage.goto('/settings')
    await consolePage.locator('tbody tr', { hasText: AGENT.username }).waitFor()
    await shot(consolePage, 'settings')
    await consolePage.locator('.t-tabs__nav-item', { hasText: '微信连接' }).click()
    await consolePage.getByTestId('channel-status').getByText('已连接').waitFor()

    const status = await app.request('GET', '/api/channels/status', { token: adminToken })
    expect(status.status).toBe(200)
    expect(status.body).toMatchObject({ puppet: 'mock', items: [{ kind: 'wechaty', state: 'logged_in' }] })

    // A real puppet waiting for a scan, which the sandbox never does: that one answer is stubbed in the
    // browser, and the page draws the login QR code from its content.
    const waiting = { puppet: 'wechat4u', botEnabled: true, items: [{ kind: 'wechaty', account: null, state: 'waiting_for_scan', qr: 'https://login.weixin.qq.com/l/Qb2fB3cXzw==', detail: null }] }
    await consolePage.route('**/api/channels/status', (route) => route.fulfill({ json: waiting }))
    await consolePage.getByTestId('channel-status').getByText('等待扫码登录').waitFor()
    await consolePage.locator('[data-testid=channel-status] .qr canvas').waitFor()
    const darkPixels = await consolePage.evaluate<number>(`(() => {
      const canvas = document.querySelector('[data-testid=channel-status] .qr canvas')
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height)
      let dark = 0
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && data[i] < 80) dark++
      return dark
    })()`)
    expect(darkPixels).toBeGreaterThan(1000)
    await consolePage.unroute('**/api/channels/status')
  }, STEP)

  it('serves the console for page addresses but never in place of the API', async () => {
    const page = await fetch(`${app.url}/members/123`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toContain('text/html')
    const api = await app.request('GET', '/api/no-such-thing')
    expect(api.status).toBe(404)
    expect(api.body.error.code).toBe('not_found')
    expect((await app.request('GET', '/healthz')).body).toEqual({ ok: true, db: 'up' })
    expect((await fetch(`${app.url}/assets/no-such-file.js`)).status).toBe(404)
    expect((await fetch(`${app.url}/..%2f..%2fpackage.json`)).status).toBe(404)
  }, STEP)
})
