/**
 * The 预约 page in a real browser against the real server, database and sandbox bot: a booking
 * made in chat while an agent has the page open appears at once, marked new; the agent confirms it
 * at the agreed time and the customer reads the time, clinic and address in WeChat. The dashboard
 * counts the day's appointments. Screenshot: appointments.
 */
import { describe, expect, it } from 'vitest'
import { addDays } from '../../core/calendar/index.ts'
import { businessDay } from '../../platform/clock.ts'
import { LIVE, logIn, shot } from '../helpers/console-browser.ts'
import { consoleSuite, type SuiteStaff } from '../helpers/console-suite.ts'
import { welcomedCustomer } from '../helpers/sandbox-driver.ts'

const STEP = 120_000
const AGENT: SuiteStaff = { username: 'hanmei', password: 'agent-password-1', name: '韩梅', roles: ['agent'] }

describe('appointments in the staff console', () => {
  const suite = consoleSuite([AGENT])
  const tomorrow = addDays(businessDay(new Date()), 1)

  it('a booking made in chat appears live, marked new; the agent confirms it and the customer is told the time and address', async () => {
    await logIn(suite.page, AGENT)
    await suite.page.goto(`/appointments?day=${tomorrow}`)
    await suite.page.getByTestId('appointment-list').waitFor()
    await suite.page.getByText('这一天还没有预约').waitFor()

    const customer = await welcomedCustomer(suite.app, { name: '林女士' })
    await customer.sayAndWait('我想预约明天上午10点', '手机号码')
    await customer.sayAndWait('13700002222', '信息无误请回复')
    await customer.sayAndWait('确认', '预约申请已提交')

    const row = suite.page.locator('[data-testid=appointment-list] tbody tr', { hasText: '林女士' })
    await row.waitFor({ timeout: LIVE })
    await expect.poll(() => row.textContent(), { timeout: LIVE }).toContain('新')
    expect(await row.textContent()).toContain('待确认')
    expect(await row.textContent()).toContain('13700002222')
    await shot(suite.page, 'appointments')

    await row.getByTestId('appt-confirm').click()
    const dialog = suite.page.getByTestId('appt-dialog')
    await dialog.getByText('保存并告知顾客').waitFor()
    expect(await dialog.locator('[data-testid=appt-when] input').inputValue()).toBe(`${tomorrow} 10:00`)
    await dialog.getByText('保存并告知顾客').click()
    await suite.page.getByText('已保存，并已在微信中告知顾客').waitFor()
    await expect.poll(() => row.textContent(), { timeout: LIVE }).toContain('已确认')
    const told = await customer.waitFor((line) => line.text.includes('您的预约已确认'))
    expect(told.text).toContain('10:00')
    expect(told.text).toContain('地址：')
  }, STEP)
})
