/**
 * The staff console in a real browser (Debian's Chromium driven by playwright-core) against the
 * real server and database: the login, the live inbox with the sandbox simulator beside it, the
 * counter, members, the dashboard, and a role refused a page. It also takes the screenshots of
 * the README (`npm run screenshots` writes them to docs/screenshots; a plain test run writes them
 * under tests/.tmp so the repository does not change).
 */
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { LIVE, logIn, shot } from '../helpers/console-browser.ts'
import { ADMIN } from '../helpers/test-app.ts'
import { Types } from 'mongoose'
import { issueMemberCode } from '../../core/miniprogram/member-code.ts'
import { tokenSigner } from '../../core/staff/service.ts'
import { consoleSuite, type SuiteStaff } from '../helpers/console-suite.ts'

const STEP = 120_000 // per test: each drives the real bot and server through several steps

const AGENT: SuiteStaff = { username: 'wangxiao', password: 'agent-password-1', name: '王晓', roles: ['agent'] }
const MARKETING: SuiteStaff = { username: 'liqing', password: 'marketing-password-1', name: '李青', roles: ['marketing'] }

describe('the staff console in a browser', () => {
  const suite = consoleSuite([AGENT, MARKETING])
  let simulator: Page
  let customerId: string

  beforeAll(async () => {
    if (suite.browser) simulator = await suite.browser.context.newPage()
  })

  it('opens on the login page and logs an agent in to their menu', async () => {
    await suite.page.goto('/')
    await suite.page.getByRole('heading', { name: '员工登录' }).waitFor()
    await shot(suite.page, 'login')

    await suite.page.locator('input[autocomplete=username]').fill(AGENT.username)
    await suite.page.locator('input[autocomplete=current-password]').fill('wrong-password')
    await suite.page.getByRole('button', { name: '登录' }).click()
    await suite.page.getByText('用户名或密码错误。').waitFor()

    await logIn(suite.page, AGENT)
    const menu = await suite.page.locator('.menu-item .menu-title').allTextContents()
    expect(menu).toEqual(['工作台', '会话', '预约', '核销', '会员', '投诉', '关怀计划', '服务质量', '模拟器'])
  }, STEP)

  it('an escalation raised in the simulator appears in the inbox without a reload, is claimed and answered, and the reply reaches the customer', async () => {
    await suite.page.locator('.menu-item', { hasText: '会话' }).click()
    await suite.page.locator('.live-dot.on').waitFor() // the event stream is open
    await suite.page.evaluate('window.notReloaded = true') // gone if the page reloads

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
    const urgent = await suite.app.request('POST', '/api/sandbox/customers', { body: { name: '赵先生' } })
    await suite.app.request('POST', `/api/sandbox/customers/${urgent.body.id}/friend-request`, { body: {} })
    await expect.poll(async () => (await suite.app.request('GET', `/api/sandbox/customers/${urgent.body.id}`)).body.memberId, { timeout: LIVE }).toBeTruthy()
    await suite.app.request('POST', `/api/sandbox/customers/${urgent.body.id}/messages`, { body: { text: '我做完手术眼睛突然剧痛，还流血了怎么办' } })

    const queue = suite.page.getByTestId('queue-item')
    await queue.filter({ hasText: '陈阿姨' }).waitFor()
    await queue.filter({ hasText: '赵先生' }).waitFor()
    await expect.poll(() => queue.first().textContent()).toContain('赵先生')
    expect(await queue.first().textContent()).toContain('紧急')
    await suite.page.getByTestId('emergency-banner').waitFor()
    expect(await suite.page.evaluate('window.notReloaded')).toBe(true)

    await queue.filter({ hasText: '陈阿姨' }).click()
    await suite.page.getByTestId('chat-messages').getByText('我要找人工客服').waitFor()
    await suite.page.getByTestId('claim').click()
    await suite.page.getByTestId('reply-box').waitFor()
    await suite.page.getByTestId('chat-messages').getByText(/我是客服王晓/).waitFor()
    await suite.page.locator('[data-testid=reply-box] textarea').fill('陈阿姨您好，我是王晓，您的镜片已经到店了，随时可以来取。')
    await suite.page.getByTestId('send').click()
    await suite.page.getByTestId('chat-messages').getByText(/镜片已经到店/).waitFor()
    await suite.page.getByTestId('member-card').getByText('关注有礼', { exact: false }).first().waitFor()

    const reply = simulator.getByTestId('sim-transcript').locator('.row.them', { hasText: '镜片已经到店' })
    await reply.waitFor()
    expect(await reply.textContent()).toContain('人工客服')
    expect(await suite.page.evaluate('window.notReloaded')).toBe(true)

    await suite.page.locator('.t-message').first().waitFor({ state: 'detached' }) // the 已接入 toast
    await shot(suite.page, 'inbox')
    await shot(simulator, 'simulator')

    // An agent may not list staff: transfer offers the colleagues now holding chats (none here).
    await suite.page.getByTestId('transfer').click()
    await suite.page.getByText('暂无可转接的同事').waitFor()
    await suite.page.keyboard.press('Escape')
    await suite.page.getByText('暂无可转接的同事').waitFor({ state: 'hidden' })

    // Release: back to the bot, and the customer is told.
    await suite.page.getByTestId('release').click()
    await suite.page.locator('.t-popconfirm').getByRole('button', { name: '确定' }).click()
    await simulator.getByTestId('sim-transcript').getByText(/感谢您的耐心沟通/).waitFor()
    await expect.poll(() => suite.page.getByTestId('mine-item').count()).toBe(0)
  }, STEP)

  it('the counter redeems the welcome coupon the customer got by adding the account, and explains every refusal', async () => {
    const { memberId } = (await suite.app.request('GET', `/api/sandbox/customers/${customerId}`)).body
    const coupons = await suite.app.request('GET', `/api/coupons?memberId=${memberId}`, { token: suite.adminToken })
    expect(coupons.body.items).toHaveLength(1)
    const { code } = coupons.body.items[0]

    await suite.page.locator('.menu-item', { hasText: '核销' }).click()
    const redeem = async (couponCode: string, amount: string) => {
      await suite.page.locator('[data-testid=coupon-code] input').fill(couponCode)
      await suite.page.locator('[data-testid=order-amount] input').fill(amount)
      await suite.page.getByTestId('redeem').click()
    }
    const result = suite.page.getByTestId('redeem-result')

    await redeem(code, '300')
    await result.getByText('未达到使用门槛').waitFor() // 422
    expect(await result.textContent()).toContain('满 500 元')

    await redeem(code.toLowerCase().replace('-', ''), '680')
    await result.getByText('核销成功').waitFor() // 200
    expect(await result.textContent()).toContain('顾客实付 ¥630')
    await shot(suite.page, 'counter')

    await redeem(code, '680')
    await result.getByText('该券已核销').waitFor() // 409

    await redeem('ZZZZ-ZZZZ', '680')
    await result.getByText('券码不存在').waitFor() // 404

    // A voided coupon (410): a campaign's coupon granted to the same member, then voided.
    const campaign = await suite.app.request('POST', '/api/coupon-campaigns', { token: suite.adminToken, body: { name: '秋季验光券', amount: 20, threshold: 100, productScope: '验光', validityDays: 30 } })
    expect(campaign.status).toBe(201)
    const granted = await suite.app.request('POST', `/api/coupon-campaigns/${campaign.body.id}/grants`, { token: suite.adminToken, body: { memberId } })
    expect((await suite.app.request('POST', `/api/coupons/${granted.body.code}/void`, { token: suite.adminToken, body: { reason: '测试' } })).status).toBe(200)
    await redeem(granted.body.code, '200')
    await result.getByText('该券已作废').waitFor() // 410
  }, STEP)

  it('the counter finds a member by the code on their mini program card and picks their usable coupon', async () => {
    const { memberId } = (await suite.app.request('GET', `/api/sandbox/customers/${customerId}`)).body
    const campaign = await suite.app.request('POST', '/api/coupon-campaigns', { token: suite.adminToken, body: { name: '冬季护眼券', amount: 30, threshold: 200, productScope: '护眼', validityDays: 30 } })
    const granted = await suite.app.request('POST', `/api/coupon-campaigns/${campaign.body.id}/grants`, { token: suite.adminToken, body: { memberId } })
    expect(granted.status).toBe(201)
    const { code } = await issueMemberCode(suite.app.deps, await tokenSigner(suite.app.deps, 'm1'), new Types.ObjectId(memberId))

    await suite.page.locator('.menu-item', { hasText: '核销' }).click()
    await suite.page.locator('[data-testid=member-code-input] input').fill('1234 5678 9012')
    await suite.page.getByTestId('member-code-lookup').click()
    await suite.page.getByTestId('member-code-error').getByText('不是有效的会员码').waitFor() // 422

    await suite.page.locator('[data-testid=member-code-input] input').fill(code)
    await suite.page.locator('[data-testid=member-code-input] input').press('Enter') // what a scanner does
    const found = suite.page.getByTestId('member-code-result')
    await found.getByText('冬季护眼券').waitFor()
    expect(await found.getByTestId('member-coupon').count()).toBe(1) // the used and voided ones are not offered
    await found.getByTestId('member-coupon').click()
    await suite.page.getByTestId('redeem-result').getByText('冬季护眼券：可使用').waitFor()
    expect(await suite.page.locator('[data-testid=coupon-code] input').inputValue()).toBe(granted.body.code)
    await shot(suite.page, 'counter-member-code')
  }, STEP)

  it('members are found by name and their profile shows visits, points and coupons', async () => {
    await suite.page.locator('.menu-item', { hasText: '会员' }).click()
    await suite.page.locator('[data-testid=member-query] input').fill('陈阿姨')
    await suite.page.getByTestId('member-search').click()
    const row = suite.page.locator('tbody tr', { hasText: '陈阿姨' })
    await row.waitFor()
    expect(await row.textContent()).toContain('普通会员')
    await suite.page.locator('[data-testid=member-query] input').fill('')
    await suite.page.getByTestId('member-search').click()
    await suite.page.locator('tbody tr', { hasText: '赵先生' }).waitFor()
    await shot(suite.page, 'members')

    await suite.page.locator('tbody tr', { hasText: '陈阿姨' }).click()
    const profile = suite.page.getByTestId('member-profile')
    await profile.waitFor()
    expect(await profile.textContent()).toContain('D · 普通会员')
    await suite.page.getByText('已核销').first().waitFor()
    await suite.page.getByText('已作废').first().waitFor()
    await shot(suite.page, 'member-profile')
  }, STEP)

  it('the dashboard shows the day’s real figures', async () => {
    await suite.page.locator('.menu-item', { hasText: '工作台' }).click()
    await suite.page.getByTestId('dashboard').waitFor()
    await expect.poll(() => suite.page.getByTestId('stat-redeemed-today').textContent()).toBe('1')
    expect(await suite.page.getByTestId('stat-waiting').textContent()).toBe('1') // the emergency; 陈阿姨 went back to the bot
    await suite.page.locator('canvas').first().waitFor()
    await suite.page.waitForTimeout(800) // let the charts' entry animation finish
    await shot(suite.page, 'dashboard')
  }, STEP)

  it('a role without access is refused the page by the menu, the router and the API', async () => {
    // The agent: no settings in the menu, and the address is refused.
    await suite.page.goto('/settings')
    await suite.page.getByTestId('forbidden').waitFor()
    expect(await suite.page.getByTestId('forbidden').textContent()).toContain('无权访问「设置」')

    // Marketing: no inbox or counter, and the API refuses them too.
    await suite.page.getByRole('button', { name: '退出' }).click()
    await logIn(suite.page, MARKETING)
    expect(await suite.page.locator('.menu-item .menu-title').allTextContents()).toEqual(['工作台', '会员', '群发', '关怀计划', '模拟器'])
    await suite.page.goto('/inbox')
    await suite.page.getByTestId('forbidden').waitFor()
    expect(await suite.page.getByTestId('forbidden').textContent()).toContain('无权访问「会话」')

    const marketing = await suite.app.login(MARKETING.username, MARKETING.password)
    const agent = await suite.app.login(AGENT.username, AGENT.password)
    expect((await suite.app.request('GET', '/api/conversations?status=escalated', { token: marketing })).status).toBe(403)
    expect((await suite.app.request('POST', '/api/coupons/ABCD-2345/redeem', { token: marketing, body: { orderAmount: 600 } })).status).toBe(403)
    expect((await suite.app.request('GET', '/api/staff', { token: agent })).status).toBe(403)
    expect((await suite.app.request('GET', '/api/channels/status', { token: agent })).status).toBe(403)
    expect((await suite.app.request('GET', '/api/channels/status')).status).toBe(401)
  }, STEP)

  it('the settings page shows an admin the staff, the WeChat connection and the jobs', async () => {
    await suite.page.getByRole('button', { name: '退出' }).click()
    await logIn(suite.page, ADMIN)
    await suite.page.goto('/settings')
    await suite.page.locator('tbody tr', { hasText: AGENT.username }).waitFor()
    await shot(suite.page, 'settings')
    await suite.page.locator('.t-tabs__nav-item', { hasText: '微信连接' }).click()
    await suite.page.getByTestId('channel-status').getByText('已连接').waitFor()

    const status = await suite.app.request('GET', '/api/channels/status', { token: suite.adminToken })
    expect(status.status).toBe(200)
    expect(status.body).toMatchObject({ puppet: 'mock', items: [{ kind: 'wechaty', state: 'logged_in' }] })

    // A real puppet waiting for a scan, which the sandbox never does: that one answer is stubbed in the
    // browser, and the page draws the login QR code from its content.
    const waiting = { puppet: 'wechat4u', botEnabled: true, items: [{ kind: 'wechaty', account: null, state: 'waiting_for_scan', qr: 'https://login.weixin.qq.com/l/Qb2fB3cXzw==', detail: null }] }
    await suite.page.route('**/api/channels/status', (route) => route.fulfill({ json: waiting }))
    await suite.page.getByTestId('channel-status').getByText('等待扫码登录').waitFor()
    await suite.page.locator('[data-testid=channel-status] .qr canvas').waitFor()
    const darkPixels = await suite.page.evaluate<number>(`(() => {
      const canvas = document.querySelector('[data-testid=channel-status] .qr canvas')
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height)
      let dark = 0
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && data[i] < 80) dark++
      return dark
    })()`)
    expect(darkPixels).toBeGreaterThan(1000)
    await suite.page.unroute('**/api/channels/status')
  }, STEP)

  it('serves the console for page addresses but never in place of the API', async () => {
    const page = await fetch(`${suite.app.url}/members/123`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toContain('text/html')
    const api = await suite.app.request('GET', '/api/no-such-thing')
    expect(api.status).toBe(404)
    expect(api.body.error.code).toBe('not_found')
    expect((await suite.app.request('GET', '/healthz')).body).toEqual({ ok: true, db: 'up' })
    expect((await fetch(`${suite.app.url}/assets/no-such-file.js`)).status).toBe(404)
    expect((await fetch(`${suite.app.url}/..%2f..%2fpackage.json`)).status).toBe(404)
  }, STEP)
})
