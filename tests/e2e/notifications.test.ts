/**
 * The bell in a real browser against the real server, database and sandbox bot: an emergency in
 * chat rings the agent's bell live; the panel lists it; following it opens the inbox and marks it
 * read. Screenshot: notifications.
 */
import { describe, expect, it } from 'vitest'
import { LIVE, logIn, shot } from '../helpers/console-browser.ts'
import { consoleSuite, type SuiteStaff } from '../helpers/console-suite.ts'
import { welcomedCustomer } from '../helpers/sandbox-driver.ts'

const STEP = 120_000
const AGENT: SuiteStaff = { username: 'lilei', password: 'agent-password-1', name: '李雷', roles: ['agent'], clinicCodes: ['BJ01'] }

describe('the notification bell in the staff console', () => {
  const suite = consoleSuite([AGENT])

  it('an emergency rings the agent’s bell live; following it opens the inbox and marks it read', async () => {
    await logIn(suite.page, AGENT)
    await suite.page.goto('/appointments') // any page but the inbox
    await suite.page.getByTestId('bell').waitFor()

    const customer = await welcomedCustomer(suite.app, { name: '周阿姨', clinicCode: 'BJ01' })
    await customer.sayAndWait('孩子眼睛被84消毒液溅到了，现在一直哭喊疼', '急诊')

    await expect.poll(() => suite.page.getByTestId('bell-count').textContent(), { timeout: LIVE }).toContain('1')
    // The emergency notice pops up too (off the inbox); dismissed, the bell keeps it.
    await suite.page.locator('.t-notification').getByText('紧急求助').waitFor()
    await suite.page.locator('.t-notification .t-message__close').click()
    await suite.page.getByTestId('bell').click()
    const item = suite.page.getByTestId('bell-item').first()
    await item.waitFor()
    // The panel has faded in before its picture is taken (a string: the tests do not type the browser's globals).
    await suite.page.waitForFunction("getComputedStyle(document.querySelector('[data-testid=bell-panel]').closest('.t-popup')).opacity === '1'")
    expect(await item.textContent()).toContain('紧急求助')
    expect(await item.textContent()).toContain('周阿姨')
    await shot(suite.page, 'notifications')

    await item.click()
    await suite.page.waitForURL('**/inbox')
    await expect.poll(async () => (await suite.app.request('GET', '/api/notifications', { token: await suite.app.login(AGENT.username, AGENT.password) })).body.unread, { timeout: LIVE }).toBe(0)
    await expect.poll(() => suite.page.getByTestId('bell-count').textContent(), { timeout: LIVE }).not.toContain('1')
  }, STEP)
})
