/**
 * The 服务质量 page in a real browser against the real server, database and sandbox bot: a chat
 * handled and rated today shows in the supervisor's KPI table and charts; the week's sample puts
 * it in the review queue, the inspector scores the checklist, and the agent reads their score and
 * replies. Screenshot: quality.
 */
import { describe, expect, it } from 'vitest'
import { addDays } from '../../core/calendar/index.ts'
import { mondayOf } from '../../core/quality/week.ts'
import { businessDay } from '../../platform/clock.ts'
import { LIVE, logIn, shot, switchUser } from '../helpers/console-browser.ts'
import { consoleSuite, type SuiteStaff } from '../helpers/console-suite.ts'
import { chatActions, queuedCustomer } from '../quality/kit.ts'

const AGENT: SuiteStaff = { username: 'wangfang', password: 'agent-password-1', name: '王芳', roles: ['agent'] }
const SUPERVISOR: SuiteStaff = { username: 'zhaozr', password: 'super-password-1', name: '赵主任', roles: ['supervisor'] }
const INSPECTOR: SuiteStaff = { username: 'sunqa', password: 'qa-password-1', name: '孙质检', roles: ['qa'] }

describe('the service quality page', () => {
  const suite = consoleSuite([AGENT, SUPERVISOR, INSPECTOR])

  it('shows the day’s KPIs, queues the chat for review, takes the inspector’s scores and the agent’s reply', async () => {
    const { app, page } = suite
    const tab = (label: string) => page.locator('.t-tabs__nav-item', { hasText: label })
    const agentToken = await app.login(AGENT.username, AGENT.password)
    const { customer, conversationId } = await queuedCustomer(app, '林女士')
    await chatActions(app, conversationId).handle(agentToken, '您好，您的镜片已经到店了。')
    await customer.waitFor((line) => line.text.includes('回复 1-5 分'))
    await customer.sayAndWait('4', '感谢您的评价')

    await logIn(page, SUPERVISOR)
    await page.goto('/quality')
    const row = page.locator('[data-testid=kpi-table] tbody tr', { hasText: '王芳' })
    await row.waitFor({ timeout: LIVE })
    expect(await row.textContent()).toContain('4（1）')
    await shot(page, 'quality')

    const nextMonday = `${addDays(mondayOf(businessDay(new Date())), 7)}T06:00:00+08:00`
    const run = await app.request('POST', '/api/jobs/quality.review-sample/run', { token: await app.login(), body: { now: nextMonday } })
    expect(run.body.result).toMatchObject({ added: 1 })

    await switchUser(page, INSPECTOR)
    await page.goto('/quality')
    await tab('质检').click()
    await page.locator('[data-testid=review-queue] tbody tr', { hasText: '待质检' }).getByText('查看').click()
    const form = page.getByTestId('review-form')
    await form.getByText('您的镜片已经到店了').waitFor()
    await form.locator('.item', { hasText: '结束语' }).getByText('1', { exact: true }).click()
    await form.getByPlaceholder('评语').fill('结束语可以更完整')
    await form.getByRole('button', { name: '提交评分' }).click()
    await form.getByText('得分 11/12').waitFor({ timeout: LIVE })

    await switchUser(page, AGENT)
    await page.goto('/quality')
    await tab('质检').click()
    await page.locator('[data-testid=review-queue] tbody tr', { hasText: '已评分' }).getByText('查看').click()
    await form.getByText('结束语可以更完整').waitFor()
    await form.getByPlaceholder('对质检结果的回复（只能回复一次）').fill('收到，谢谢指导。')
    await form.getByRole('button', { name: '回复' }).click()
    await form.getByText('客服回复：收到，谢谢指导。').waitFor({ timeout: LIVE })
    expect(await tab('热点问题').count()).toBe(0)
  }, 120_000)
})
