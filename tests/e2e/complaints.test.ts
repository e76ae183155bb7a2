/**
 * The complaint and survey pages of the staff console in a real browser (Debian's Chromium driven
 * by playwright-core) against the real server and database: a supervisor finds a complaint in the
 * list, opens it and runs it through the first steps of the 11-step flow, a director approves the
 * plan, an agent records a phone complaint and sees only what agents may, and a supervisor reads
 * the satisfaction report, downloads it and calls a low-scoring patient back. Screenshots go to
 * tests/.tmp/screenshots (docs/screenshots under `npm run screenshots`).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { answerSurvey } from '../../core/surveys/answers.ts'
import { businessDay, type Clock } from '../../platform/clock.ts'
import { fileCase, transition, STEP_BODIES } from '../complaints/factories.ts'
import { logIn, shot, switchUser } from '../helpers/console-browser.ts'
import { ADMIN } from '../helpers/test-app.ts'
import { at, invitationsOf, memberWithChat, runJob, visit } from '../surveys/factories.ts'
import { consoleSuite, type SuiteStaff } from '../helpers/console-suite.ts'

const STEP = 120_000 // per test: each drives the real server through several screens

const AGENT: SuiteStaff = { username: 'zhoujing', password: 'agent-password-1', name: '周静', roles: ['agent'] }
const SUPERVISOR: SuiteStaff = { username: 'liumin', password: 'supervisor-password-1', name: '刘敏', roles: ['supervisor'] }
const DIRECTOR: SuiteStaff = { username: 'chenyuan', password: 'director-password-1', name: '陈院长', roles: ['director'] }
const DAY = 24 * 60 * 60 * 1000

describe('complaints and follow-up surveys in the staff console', () => {
  /** The server's clock runs with the real one, shifted while a test files a case "a week ago". */
  let shift = 0
  const clock: Clock = { now: () => new Date(Date.now() + shift) }
  let agentToken: string
  let supervisorToken: string
  /** 张女士's case, filed today by phone; and 李先生's, filed eight days ago and never answered. */
  let fresh: string
  let late: string
  const suite = consoleSuite(
    [AGENT, SUPERVISOR, DIRECTOR],
    {
      app: { clock },
      async seed({ app }) {
        agentToken = await app.login(AGENT.username, AGENT.password)
        supervisorToken = await app.login(SUPERVISOR.username, SUPERVISOR.password)

        shift = -8 * DAY
        late = (await fileCase(app, agentToken, { customerName: '李先生', phone: '13900001111', description: '新配的眼镜镜片有划痕，来店两次都没解决，要求退款。', wants: ['refund'] })).number
        shift = 0
        fresh = (await fileCase(app, agentToken, { description: '前台工作人员态度很差，说话很不耐烦，等了一个多小时也没人解释。' })).number
      },
    },
  )

  const row = (number: string) => suite.page.locator('[data-testid=complaints-table] tbody tr', { hasText: number })
  const flowStep = (n: number) => suite.page.getByTestId(`flow-step-${n}`)

  it('a supervisor finds the new complaint in the list with its step and first-contact deadline in working days, the late one highlighted', async () => {
    await logIn(suite.page, SUPERVISOR)
    const menu = await suite.page.locator('.menu-item .menu-title').allTextContents()
    expect(menu).toEqual(expect.arrayContaining(['投诉', '满意度回访']))
    await suite.page.locator('.menu-item', { hasText: '投诉' }).click()

    await row(fresh).waitFor()
    const freshText = await row(fresh).textContent()
    expect(freshText).toContain('张女士')
    expect(freshText).toContain('2/11 接受投诉')
    expect(freshText).toContain('待客服主任办理')
    expect(freshText).toContain('首次联系')
    // Filed today, due at the end of the third working day after today.
    expect(freshText).toContain('剩 3 个工作日')
    expect(freshText).toContain('处理中')

    const lateText = await row(late).textContent()
    expect(lateText).toContain('李先生')
    expect(lateText).toMatch(/已超期 \d+ 天/)
    expect(await row(late).getAttribute('class')).toContain('row-overdue')
    expect(await row(fresh).getAttribute('class')).not.toContain('row-overdue')
    expect(await suite.page.getByTestId('card-overdue').locator('b').textContent()).toBe('1')
    await shot(suite.page, 'complaints')

    // Only the late ones: the filter goes to the API (overdue=true) and into the address.
    await suite.page.getByTestId('filter-overdue').click()
    await expect.poll(() => suite.page.locator('[data-testid=complaints-table] tbody tr').count()).toBe(1)
    await row(late).waitFor()
    expect(new URL(suite.page.url()).search).toBe('?overdue=true')
    await suite.page.getByTestId('filter-overdue').click()
    await row(fresh).waitFor()
  }, STEP)

  it('the supervisor opens the case and takes it through first contact, accept, investigate and classify; the steps and deadlines follow', async () => {
    await row(fresh).click()
    await suite.page.getByTestId('complaint-head').getByText(fresh).waitFor()
    expect(new URL(suite.page.url()).pathname).toBe(`/complaints/${fresh}`)
    expect(await suite.page.getByTestId('case-phone').textContent()).toContain('13812345678') // supervisors call the patient back
    expect(await suite.page.getByTestId('case-description').textContent()).toContain('态度很差')
    expect(await flowStep(1).getAttribute('data-status')).toBe('finish')
    expect(await flowStep(2).getAttribute('data-status')).toBe('process')
    expect(await flowStep(3).getAttribute('data-status')).toBe('default')
    expect(await suite.page.getByTestId('deadline-first-contact').textContent()).toContain('剩 3 个工作日')
    expect(await suite.page.getByTestId('deadline-close').textContent()).toContain('尚未起算')

    // First contact, by phone.
    await suite.page.getByTestId('first-contact').click()
    await suite.page.locator('[data-testid=dialog-note] textarea').fill('已电话联系张女士，先致歉，约定明天回复处理意见。')
    await suite.page.locator('.t-dialog').getByRole('button', { name: '确定' }).click()
    await expect.poll(() => suite.page.getByTestId('deadline-first-contact').textContent()).toContain('已联系（按时）')
    expect(await suite.page.getByTestId('first-contact').count()).toBe(0)

    // Step 2, accept: the closing deadline starts (7 days for a local clinic) and step 3 has 24 hours.
    await suite.page.locator('[data-testid=field-cause] textarea').fill('候诊一个多小时无人解释，前台答复语气生硬。')
    await suite.page.getByTestId('submit-step').click()
    await expect.poll(() => flowStep(2).getAttribute('data-status')).toBe('finish')
    expect(await flowStep(3).getAttribute('data-status')).toBe('process')
    expect(await flowStep(2).textContent()).toContain(`${SUPERVISOR.name}（客服主任）`)
    expect(await flowStep(2).textContent()).toContain('候诊一个多小时无人解释')
    expect(await suite.page.getByTestId('deadline-close').textContent()).toMatch(/剩 \d 个工作日/)
    expect(await suite.page.getByTestId('deadline-step').textContent()).toMatch(/剩 2[0-3] 小时/)
    expect(await suite.page.getByTestId('deadline-step').textContent()).toContain('「调查取证」时限 24 小时')

    // Step 3, investigate.
    await suite.page.locator('[data-testid=field-findings] textarea').fill('与前台及当班护士核实，情况属实。')
    await suite.page.getByTestId('submit-step').click()
    await expect.poll(() => flowStep(4).getAttribute('data-status')).toBe('process')

    // Step 4, classify: a fine-bearing level and liability; asking without the liability is answered politely.
    await suite.page.getByTestId('field-severity').getByText('II级 记小过').click()
    await suite.page.getByTestId('submit-step').click()
    await expect.poll(() => suite.page.getByTestId('action-error').textContent()).toContain('还需要填写：责任归属')
    await suite.page.getByTestId('field-liability').click()
    await suite.page.locator('.t-select-option', { hasText: '服务责任' }).click()
    await suite.page.getByTestId('submit-step').click()
    await expect.poll(() => flowStep(5).getAttribute('data-status')).toBe('process')
    expect(await flowStep(4).textContent()).toContain('II级 记小过')
    expect(await suite.page.getByTestId('complaint-head').textContent()).toContain('II级 记小过')

    await suite.page.locator('[data-testid=field-plan] textarea').fill('当面致歉，赠送一次免费复查。')
    await suite.page.getByTestId('field-plan').click() // leave the cursor in the form for the picture
    await expect.poll(() => suite.page.locator('.t-message').count(), { timeout: 10_000 }).toBe(0) // the steps' toasts
    await shot(suite.page, 'complaint-detail')

    // Meanwhile a colleague drafts the plan through another screen: this page is told, politely, and refreshed.
    const colleague = await suite.app.staffToken(['supervisor'])
    expect((await transition(suite.app, colleague, fresh, { ...STEP_BODIES[5], remedy: 'none', amount: undefined, plan: '当面致歉，赠送一次免费复查。' })).status).toBe(200)
    await suite.page.getByTestId('submit-step').click()
    await expect.poll(() => suite.page.getByTestId('action-error').textContent()).toContain('已经进行到第 6 步「审批方案」')
    expect(await suite.page.getByTestId('waiting-for').textContent()).toContain('由客服总监/院长办理')
    expect(await suite.page.getByTestId('step-form').count()).toBe(0)

    const audit = await suite.page.getByTestId('audit').textContent()
    for (const entry of ['登记投诉', '首次联系', '第 2 步 接受投诉', '第 3 步 调查取证', '第 4 步 分析定性', '第 5 步 制定方案']) expect(audit).toContain(entry)
  }, STEP)

  it('the director approves the plan in the console, and the case moves on to the supervisor', async () => {
    await switchUser(suite.page, DIRECTOR)
    await suite.page.locator('.menu-item', { hasText: '投诉' }).click()
    await row(fresh).click()
    await suite.page.getByTestId('step-form').waitFor()
    expect(await suite.page.getByTestId('next-step').textContent()).toContain('办理第 6 步：审批方案')
    expect(await suite.page.getByTestId('next-step').textContent()).toContain('赠送一次免费复查')
    await suite.page.getByTestId('submit-step').click()
    await expect.poll(() => flowStep(6).getAttribute('data-status')).toBe('finish')
    expect(await flowStep(6).textContent()).toContain(`${DIRECTOR.name}（客服总监/院长）`)
    expect(await flowStep(7).getAttribute('data-status')).toBe('process')
    expect(await suite.page.getByTestId('waiting-for').textContent()).toContain('第 7 步「协商解决」由客服主任办理')

    const res = await suite.app.request('GET', `/api/complaints/${fresh}`, { token: supervisorToken })
    expect(res.body).toMatchObject({ nextStep: 7, status: 'open', severity: 'II', liability: 'service' })
  }, STEP)

  it('an agent records a phone complaint and sees cases without the full phone number, the flow’s actions or the surveys', async () => {
    await switchUser(suite.page, AGENT)
    const menu = await suite.page.locator('.menu-item .menu-title').allTextContents()
    expect(menu).toContain('投诉')
    expect(menu).not.toContain('满意度回访')
    await suite.page.locator('.menu-item', { hasText: '投诉' }).click()
    await row(fresh).waitFor()

    await suite.page.getByTestId('new-complaint').click()
    await suite.page.getByTestId('new-clinic').click()
    await suite.page.locator('.t-select-option', { hasText: 'BJ01' }).click()
    await suite.page.locator('[data-testid=new-name] input').fill('王阿姨')
    await suite.page.locator('[data-testid=new-phone] input').fill('13700002222')
    await suite.page.locator('[data-testid=new-description] textarea').fill('电话反映：上周验光后配的老花镜看近处还是模糊，希望店里给个解释。')
    await suite.page.locator('.t-dialog').getByRole('button', { name: '登记' }).click()
    await suite.page.waitForURL(/\/complaints\/BJ01\d{8}$/)
    const number = new URL(suite.page.url()).pathname.split('/').pop()!
    await suite.page.getByTestId('complaint-head').getByText(number).waitFor()
    expect(await suite.page.getByTestId('case-phone').textContent()).toMatch(/137\*+2222/)
    expect(await suite.page.getByTestId('case-phone').textContent()).toContain('完整号码仅客服主任、总监可见')
    expect(await suite.page.getByTestId('waiting-for').textContent()).toContain('第 2 步「接受投诉」由客服主任办理')
    expect(await suite.page.getByTestId('step-form').count()).toBe(0)
    expect(await suite.page.getByTestId('first-contact').count()).toBe(0)
    expect(await suite.page.getByTestId('audit').textContent()).toContain(`${AGENT.name}（客服专员）`)

    const filed = await suite.app.request('GET', `/api/complaints/${number}`, { token: supervisorToken })
    expect(filed.body).toMatchObject({ channel: 'phone', customerName: '王阿姨', phone: '13700002222', status: 'open', nextStep: 2 })

    // Back to the list, where the new case is on top.
    await suite.page.getByTestId('back').click()
    await expect.poll(() => suite.page.locator('[data-testid=complaints-table] tbody tr').first().textContent()).toContain(number)
    await row(fresh).click()
    await suite.page.getByTestId('complaint-head').getByText(fresh).waitFor()
    expect(await suite.page.getByTestId('case-phone').textContent()).toMatch(/138\*+5678/)
    expect(await suite.page.getByTestId('step-form').count()).toBe(0)

    await suite.page.goto('/surveys')
    await suite.page.getByTestId('forbidden').waitFor()
    expect(await suite.page.getByTestId('forbidden').textContent()).toContain('无权访问「满意度回访」')
    expect((await transition(suite.app, agentToken, fresh, STEP_BODIES[7])).status).toBe(403)
    expect((await suite.app.request('GET', '/api/surveys/report', { token: agentToken })).status).toBe(403)
  }, STEP)

  it('an admin has no complaints page: cases hold health data', async () => {
    await switchUser(suite.page, ADMIN)
    expect(await suite.page.locator('.menu-item .menu-title').allTextContents()).not.toContain('投诉')
    await suite.page.goto(`/complaints/${fresh}`)
    await suite.page.getByTestId('forbidden').waitFor()
    expect((await suite.app.request('GET', `/api/complaints/${fresh}`, { token: await suite.app.login() })).status).toBe(403)
  }, STEP)

  it('the surveys page shows the week’s report with the answered surveys, downloads it, and records a call-back', async () => {
    // Two members who visited yesterday; this morning's invitations; one happy answer, one unhappy with a comment.
    const yesterday = businessDay(new Date(Date.now() - DAY))
    const today = businessDay(new Date())
    const happy = await memberWithChat(suite.app, { name: '赵女士' })
    const unhappy = await memberWithChat(suite.app, { name: '孙先生' })
    await visit(suite.app, happy.memberId, 'non_surgical', `${yesterday} 10:00`)
    await visit(suite.app, unhappy.memberId, 'non_surgical', `${yesterday} 15:00`)
    await runJob(suite.app, 'surveys.invite', at(`${today} 10:00`))
    const [happyInvite] = await invitationsOf(suite.app, happy.memberId)
    const [unhappyInvite] = await invitationsOf(suite.app, unhappy.memberId)
    await answerSurvey(suite.app.deps, String(happyInvite._id), [{ questionId: 'q1', score: 5 }, { questionId: 'q2', score: 5 }])
    await answerSurvey(suite.app.deps, String(unhappyInvite._id), [{ questionId: 'q1', score: 2 }, { questionId: 'q4', text: '等候时间太长，前台也没有解释' }])

    await switchUser(suite.page, SUPERVISOR)
    await suite.page.locator('.menu-item', { hasText: '满意度回访' }).click()
    await expect.poll(() => suite.page.getByTestId('stat-responses').textContent()).toBe('2')
    expect(await suite.page.getByTestId('stat-invitations').textContent()).toBe('2')
    expect(await suite.page.getByTestId('stat-average').textContent()).toBe('3.50')
    expect(await suite.page.getByTestId('report-rows').textContent()).toContain('非手术消费')
    await suite.page.locator('[data-testid=chart-by-group] canvas').waitFor()
    await suite.page.getByText('等候时间太长，前台也没有解释').first().waitFor()
    await suite.page.waitForTimeout(800) // let the charts' entry animation finish
    await shot(suite.page, 'surveys')

    // The report as a workbook, with the login token (a plain link could not carry it).
    const [download] = await Promise.all([suite.page.waitForEvent('download'), suite.page.getByTestId('report-xlsx').click()])
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/)
    const file = readFileSync((await download.path())!)
    expect(file.subarray(0, 2).toString()).toBe('PK') // a zip, as .xlsx files are

    // The call-back: listed as open, done with a note, gone from the open list.
    await suite.page.locator('.t-tabs__nav-item', { hasText: '回访跟进' }).click()
    const followUp = suite.page.locator('[data-testid=followups] tbody tr', { hasText: '等候时间太长' })
    await followUp.waitFor()
    expect(await followUp.textContent()).toContain('低分（≤2 分）')
    expect(await followUp.textContent()).toContain('待回访')
    await followUp.getByTestId('followup-done').click()
    await suite.page.locator('[data-testid=followup-note] textarea').fill('已致电孙先生致歉，下次就诊安排专人接待。')
    await suite.page.locator('.t-dialog').getByRole('button', { name: '确定' }).click()
    await suite.page.getByText('已记录回访，辛苦了').waitFor()
    await expect.poll(() => suite.page.locator('[data-testid=followups] tbody tr', { hasText: '等候时间太长' }).count()).toBe(0)

    const followUps = await suite.app.request('GET', '/api/surveys/followups?status=done', { token: supervisorToken })
    expect(followUps.body.items).toMatchObject([{ memberId: unhappy.memberId, status: 'done', note: '已致电孙先生致歉，下次就诊安排专人接待。', assigneeName: SUPERVISOR.name }])

    // The templates, read-only.
    await suite.page.locator('.t-tabs__nav-item', { hasText: '问卷模板' }).click()
    await suite.page.getByTestId('template').first().waitFor()
    expect(await suite.page.getByTestId('template').count()).toBeGreaterThanOrEqual(3)
    expect(suite.pageErrors).toEqual([])
  }, STEP)
})
