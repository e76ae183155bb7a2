/**
 * The 节假日 page in a real browser (Debian's Chromium driven by playwright-core) against the real
 * server and database. Server and browser both run on 2 December of the last year chinese-days
 * knows (the clock moving on from there): the admin sees the console-wide warning for the next
 * year, follows it to the page, pastes the State Council's notice, checks the days it was read
 * into and saves them; the warning is gone and the year shows as entered.
 */
import { describe, expect, it } from 'vitest'
import { calendarKnownThrough } from '../../core/calendar/index.ts'
import type { Clock } from '../../platform/clock.ts'
import { logIn, shot } from '../helpers/console-browser.ts'
import { ADMIN } from '../helpers/test-app.ts'
import { consoleSuite } from '../helpers/console-suite.ts'

const STEP = 120_000

describe('the holiday calendar page in the staff console', () => {
  const next = calendarKnownThrough() + 1
  const start = new Date(`${next - 1}-12-02T10:00:00+08:00`)
  const shift = start.getTime() - Date.now()
  const clock: Clock = { now: () => new Date(Date.now() + shift) }
  // The browser on the app's clock: the session's expiry is read on the browser's clock.
  const suite = consoleSuite([], { app: { clock }, browserOnAppClock: true })

  it('an admin follows the provisional-year warning to 节假日, pastes the notice, checks the days and saves them', async () => {
    await logIn(suite.page, ADMIN)
    const warning = suite.page.locator('.calendar-warning')
    await warning.waitFor()
    expect(await warning.textContent()).toContain(`${next}年的期限为暂定`)
    await warning.getByText('去录入节假日安排').click()
    expect(new URL(suite.page.url()).pathname).toBe('/calendar')
    await suite.page.getByRole('heading', { name: `${next}年节假日安排` }).waitFor()

    await suite.page.locator('textarea').fill('二、春节：2月6日（农历正月初一）至13日放假调休，共8天。2月14日（星期日）上班。\n七、国庆节：10月1日至7日放假调休，共7天。10月9日（星期六）上班。')
    await suite.page.getByRole('button', { name: '解析' }).click()
    const confirm = suite.page.getByTestId('calendar-confirm')
    await confirm.waitFor()
    const dates = await confirm.locator('input').evaluateAll((inputs) => inputs.map((i) => (i as unknown as { value: string }).value))
    expect(dates).toEqual(expect.arrayContaining(['春节', `${next}-02-06`, `${next}-02-13`, `${next}-02-14`, '国庆节', `${next}-10-01`, `${next}-10-07`, `${next}-10-09`]))
    await shot(suite.page, 'calendar-confirm')

    await suite.page.getByRole('button', { name: '确认保存' }).click()
    await suite.page.getByText(`已保存${next}年第 1 版`).waitFor()
    await expect.poll(async () => (await suite.page.getByTestId(`year-${next}`).textContent()) ?? '').toContain('已录入 第1版')
    expect(await suite.page.getByTestId('calendar-days').textContent()).toContain(`${next}-02-06 至 ${next}-02-13`)
    await suite.page.locator('.menu-item', { hasText: '工作台' }).click()
    await suite.page.locator('.shell-header h1', { hasText: '工作台' }).waitFor()
    await expect.poll(() => warning.count()).toBe(0)

    const saved = await suite.app.request('GET', `/api/calendar/years/${next}`, { token: await suite.app.login() })
    expect(saved.body).toMatchObject({ source: 'entered', version: 1, entrySource: 'notice', savedBy: expect.any(String) })
    expect(suite.pageErrors).toEqual([])
  }, STEP)
})
