/**
 * The bell in a real browser against the real server, database and sandbox bot: an emergency in
 * chat rings the agent's bell live; the panel lists it; following it opens the inbox and marks it
 * read. Screenshot: notifications.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { LIVE, logIn, missingBrowser, openConsoleBrowser, shot, type ConsoleBrowser } from '../helpers/console-browser.ts'
import { newSandboxCustomer } from '../helpers/sandbox-driver.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'

const STEP = 120_000
const AGENT = { username: 'lilei', password: 'agent-password-1', name: '李雷' }

describe('the notification bell in the staff console', () => {
  let app: TestApp
  let browser: ConsoleBrowser
  let page: Page
  const noBrowser = missingBrowser()

  beforeAll(async () => {
    if (noBrowser) return
    app = await startTestApp()
    const res = await app.request('POST', '/api/staff', { token: await app.login(), body: { ...AGENT, roles: ['agent'], clinicCodes: ['BJ01'] } })
    expect(res.status).toBe(201)
    browser = await openConsoleBrowser(app.url)
    page = browser.page
  }, 180_000)

  beforeEach(() => {
    if (noBrowser) throw noBrowser
  })

  afterAll(async () => {
    await browser?.close()
    await app?.stop()
  })

  it('an emergency rings the agent’s bell live; following it opens the inbox and marks it read', async () => {
    await logIn(page, AGENT)
    await page.goto('/appointments') // any page but the inbox
    await page.getByTestId('bell').waitFor()

    const customer = await newSandboxCustomer(app, { name: '周阿姨', clinicCode: 'BJ01' })
    await customer.addAccount()
    await customer.waitFor((line) => line.text.includes('满500减50'))
    await customer.say('孩子眼睛被84消毒液溅到了，现在一直哭喊疼')
    await customer.waitFor((line) => line.text.includes('急诊'))

    await expect.poll(() => page.getByTestId('bell-count').textContent(), { timeout: LIVE }).toContain('1')
    // The emergency notice pops up too (off the inbox); dismissed, the bell keeps it.
    await page.locator('.t-notification').getByText('紧急求助').waitFor()
    await page.locator('.t-notification .t-message__close').click()
    await page.getByTestId('bell').click()
    const item = page.getByTestId('bell-item').first()
    await item.waitFor()
    // The panel has faded in before its picture is taken (a string: the tests do not type the browser's globals).
    await page.waitForFunction("getComputedStyle(document.querySelector('[data-testid=bell-panel]').closest('.t-popup')).opacity === '1'")
    expect(await item.textContent()).toContain('紧急求助')
    expect(await item.textContent()).toContain('周阿姨')
    await shot(page, 'notifications')

    await item.click()
    await page.waitForURL('**/inbox')
    await expect.poll(async () => (await app.request('GET', '/api/notifications', { token: await app.login(AGENT.username, AGENT.password) })).body.unread, { timeout: LIVE }).toBe(0)
    await expect.poll(() => page.getByTestId('bell-count').textContent(), { timeout: LIVE }).not.toContain('1')
  }, STEP)
})
