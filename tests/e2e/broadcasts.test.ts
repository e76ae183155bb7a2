/**
 * Broadcasts and the care schedule in the staff console, driven in a real browser against the real
 * server and database: marketing writes a broadcast to a tag, checks the preview, schedules it; a
 * colleague approves it; it runs to the end with live progress; pause, resume and cancel; the care
 * programmes, their dates and texts; the birthday tasks. Screenshots: broadcast-preview, broadcasts,
 * broadcast-detail, care (tests/.tmp/screenshots, or docs/screenshots under `npm run screenshots`).
 *
 * The app and the browser both run on a clock that starts at ANCHOR and moves on in real time, so
 * the dates on the care page and the birthdays of the day are the same whenever this runs.
 */
import { describe, expect, it } from 'vitest'
import { outboxModel } from '../../platform/outbox/model.ts'
import type { Clock } from '../../platform/clock.ts'
import { recordingWorker, seedMembers, type SeededMember } from '../broadcasts/factories.ts'
import { LIVE, logIn, shot, switchUser } from '../helpers/console-browser.ts'
import { consoleSuite, type SuiteStaff } from '../helpers/console-suite.ts'

const STEP = 180_000
/** A Tuesday morning, outside the quiet hours; two years ahead include 中秋 2027 (15 September). */
const ANCHOR = '2026-11-24T10:00:00+08:00'

const MARKETING: SuiteStaff = { username: 'liqing', password: 'marketing-password-1', name: '李青', roles: ['marketing'] }
const MARKETING_2: SuiteStaff = { username: 'zhoumin', password: 'marketing-password-2', name: '周敏', roles: ['marketing'] }
const DIRECTOR: SuiteStaff = { username: 'sunyuan', password: 'director-password-1', name: '孙院长', roles: ['director'] }
const AGENT: SuiteStaff = { username: 'wangxiao', password: 'agent-password-1', name: '王晓', roles: ['agent'] }

const SEND_ACCOUNT = 'test:e2e-send'
const HOLD_ACCOUNT = 'test:e2e-hold' // no sender: its messages wait in the outbox until paused or cancelled
const TEXT = '{{name}}您好，白内障术后三个月复查的时间到了。{{clinic}}的医生提醒您本周内预约，祝您视界清晰！'
/** The broadcast's picture: the browser gets it from the context's route in the first test (nothing reaches the internet, and no channel fetches it here). */
const IMAGE_URL = 'https://cdn.caredesk.test/broadcasts/cataract-checkup.png'
const IMAGE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="520" height="416" viewBox="0 0 520 416">
  <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#e8f1ff"/><stop offset="1" stop-color="#9ec2ff"/></linearGradient></defs>
  <rect width="520" height="416" fill="url(#g)"/>
  <ellipse cx="260" cy="170" rx="150" ry="82" fill="#fff" stroke="#0052d9" stroke-width="10"/>
  <circle cx="260" cy="170" r="56" fill="#0052d9"/><circle cx="278" cy="150" r="16" fill="#fff"/>
  <text x="260" y="330" font-size="44" text-anchor="middle" fill="#0b2f6b" font-family="sans-serif">术后复查 · 视界清晰</text>
</svg>`

/** Real time, moved to start at `at`. */
function clockFrom(at: string): Clock {
  const offset = Date.parse(at) - Date.now()
  return { now: () => new Date(Date.now() + offset) }
}

describe('broadcasts and the care schedule in the console', () => {
  let marketingToken: string
  let clinicName: string
  let patients: SeededMember[]
  let held: SeededMember[]
  let broadcastId: string

  const suite = consoleSuite(
    [MARKETING, MARKETING_2, DIRECTOR, AGENT],
    {
      app: { clock: clockFrom(ANCHOR), env: { BOT_ENABLED: 'false', BROADCAST_APPROVAL_THRESHOLD: '3', QUIET_HOURS: '' } },
      browserOnAppClock: true,
      async seed({ app }) {
        marketingToken = await app.login(MARKETING.username, MARKETING.password)
        clinicName = (await app.request('GET', '/api/clinics')).body.items.find((c: { code: string }) => c.code === 'BJ01').name

        const db = app.deps.db
        patients = await seedMembers(db, [{ name: '张秀兰' }, { name: '李建国' }, { name: '王芳' }, { name: '赵敏' }], { tags: ['白内障术后'], account: SEND_ACCOUNT })
        await seedMembers(db, [{ name: '刘洋', channel: null }], { tags: ['白内障术后'] }) // never added the account: no way to reach him
        await seedMembers(db, [{ name: '陈静', optedOut: true }], { tags: ['白内障术后'], account: SEND_ACCOUNT }) // 退订: not in the audience at all
        held = await seedMembers(db, [{ name: '周杰' }, { name: '吴桐' }, { name: '郑爽' }], { tags: ['春季义诊'], account: HOLD_ACCOUNT })
        await seedMembers(db, [{ name: '钱佩珍', tier: 'A', birthday: '1968-11-24', clinicCode: 'BJ01' }], { account: 'test:e2e-care' })
      },
    },
  )

  const dispatch = async () => expect((await suite.app.request('POST', '/api/jobs/broadcasts.dispatch/run', { token: suite.adminToken, body: {} })).body).toMatchObject({ ok: true })
  const getBroadcast = async (id: string) => (await suite.app.request('GET', `/api/broadcasts/${id}`, { token: marketingToken })).body
  const figure = (name: string) => suite.page.getByTestId(`figure-${name}`).locator('b')
  const confirmPopup = () => suite.page.locator('.t-popconfirm__confirm:visible').click()
  const menu = () => suite.page.locator('.menu-item .menu-title').allTextContents()
  /** Before a screenshot: the toasts gone, the page scrolled to its top. */
  async function still() {
    await expect.poll(() => suite.page.locator('.t-message').count(), { timeout: LIVE }).toBe(0)
    await suite.page.locator('.shell-content').evaluate((el) => el.scrollTo(0, 0))
  }

  it('marketing writes a broadcast to a tag, sees who it reaches and how before scheduling, and may not approve it alone', async () => {
    await logIn(suite.page, MARKETING)
    expect(await menu()).toEqual(['工作台', '会员', '群发', '关怀计划', '模拟器'])
    await suite.page.locator('.menu-item', { hasText: '群发' }).click()
    await suite.page.getByText('还没有群发').waitFor()

    await suite.page.getByTestId('bc-new').click()
    await suite.page.getByTestId('bc-name').locator('input').fill('白内障术后复查提醒')
    // The variables go in where the caret is, between typed text.
    const text = suite.page.getByTestId('bc-text').locator('textarea')
    await suite.page.getByTestId('bc-var-name').click()
    await text.pressSequentially('您好，白内障术后三个月复查的时间到了。')
    await suite.page.getByTestId('bc-var-clinic').click()
    await text.pressSequentially('的医生提醒您本周内预约，祝您视界清晰！')
    expect(await text.inputValue()).toBe(TEXT)

    await suite.page.getByTestId('bc-audience-mode').getByText('按条件筛选').click()
    const tags = suite.page.getByTestId('bc-tags').locator('input')
    await tags.fill('白内障术后')
    await tags.press('Enter')
    // An image after the text: an http:// address is refused in the form, before anything is saved.
    await suite.page.getByTestId('bc-attachment-kind').getByText('图片').click()
    const imageUrl = suite.page.getByTestId('bc-image-url').locator('input')
    await imageUrl.fill(IMAGE_URL.replace('https:', 'http:'))
    await suite.page.getByTestId('bc-preview').click()
    expect(await suite.page.getByTestId('bc-error').textContent()).toBe('图片地址需以 https:// 开头，请填写完整的 https 链接（微信只能获取 https 地址的图片）。')
    expect(await suite.page.getByTestId('broadcast-preview').count()).toBe(0)
    await suite.browser.context.route(`${new URL(IMAGE_URL).origin}/**`, (route) => route.fulfill({ status: 200, contentType: 'image/svg+xml', body: IMAGE_SVG }))
    await imageUrl.fill(IMAGE_URL)
    await suite.page.getByTestId('bc-image-thumb').locator('img').waitFor()
    await suite.page.getByTestId('bc-preview').click()

    // The preview: five members (the one who opted out is left out), four reached directly, one without a chat.
    const preview = suite.page.getByTestId('broadcast-preview')
    await preview.waitFor()
    expect(await preview.getByTestId('preview-audience').textContent()).toBe('5')
    expect(await preview.getByTestId('preview-send').textContent()).toBe('4')
    expect(await preview.getByTestId('preview-mass-task').textContent()).toBe('0')
    expect(await preview.getByTestId('preview-skip').textContent()).toBe('1')
    expect(await preview.getByTestId('preview-skip-reasons').textContent()).toContain('没有会话（未添加客服） 1 位')
    expect(await preview.getByTestId('preview-channel-wechaty').textContent()).toContain('微信')
    const samples = await preview.getByTestId('preview-sample').allTextContents()
    expect(samples[0]).toContain(`张秀兰您好，白内障术后三个月复查的时间到了。${clinicName}的医生提醒您本周内预约`)
    // The picture beside the texts, carried by the Wechaty channel: nobody gets the text alone.
    expect(await preview.getByTestId('preview-attachment-image').getAttribute('src')).toBe(IMAGE_URL)
    await expect.poll(() => preview.getByTestId('preview-attachment-image').evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).naturalWidth)).toBeGreaterThan(0)
    expect(await preview.getByTestId('preview-carries-wechaty').textContent()).toContain('随文字发出')
    expect(await preview.getByTestId('preview-text-only').textContent()).toContain('图片将在文字之后发给全部 4 位可触达的会员')
    expect(await suite.page.getByTestId('bc-confirm').textContent()).toContain('附件图片')
    await preview.evaluate((el) => el.scrollIntoView()) // the figures, the channels and the picture beside the texts
    await shot(suite.page, 'broadcast-preview')

    // Five is above the approval threshold (3): scheduling asks for a second person.
    await suite.page.getByTestId('bc-schedule').click()
    await suite.page.getByTestId('broadcast-detail').waitFor()
    broadcastId = new URL(suite.page.url()).pathname.split('/').pop()!
    expect(await suite.page.getByTestId('broadcast-status').textContent()).toBe('待审批')
    await suite.page.getByTestId('approval').getByText('等待审批').waitFor()
    expect(await suite.page.getByTestId('not-started').textContent()).toContain('审批通过后开始发送')

    await suite.page.getByTestId('bc-approve').click()
    await suite.page.getByTestId('approve-error').waitFor()
    expect(await suite.page.getByTestId('approve-error').textContent()).toContain('不能审批自己创建或安排的群发')
    expect(await getBroadcast(broadcastId)).toMatchObject({
      status: 'awaiting_approval',
      approvalRequired: true,
      audienceCount: 5,
      name: '白内障术后复查提醒',
      text: TEXT,
      audience: { tags: ['白内障术后'] },
      attachment: { kind: 'image', url: IMAGE_URL },
    })
    await suite.page.getByTestId('broadcast-attachment').locator('img').waitFor()
  }, STEP)

  it('a second marketing account approves it, and the page follows it live until everyone reachable has it', async () => {
    await switchUser(suite.page, MARKETING_2)
    await suite.page.locator('.menu-item', { hasText: '群发' }).click()
    await suite.page.getByTestId('broadcast-list').locator('tbody tr', { hasText: '白内障术后复查提醒' }).click()
    await suite.page.getByTestId('bc-approve').click()
    await expect.poll(() => suite.page.getByTestId('broadcast-status').textContent()).toBe('已安排')
    expect((await getBroadcast(broadcastId)).status).toBe('scheduled')

    const worker = recordingWorker(suite.app.deps.db, [SEND_ACCOUNT], { perMinute: 120 })
    try {
      await dispatch() // the dispatcher starts what is due
      await suite.page.getByTestId('broadcast-progress').waitFor({ timeout: LIVE })
      await expect.poll(() => figure('sent').textContent(), { timeout: 60_000 }).toBe('4')
      await expect.poll(async () => (await dispatch(), (await getBroadcast(broadcastId)).status), { timeout: 60_000, interval: 1000 }).toBe('completed')
    } finally {
      await worker.stop()
    }
    await expect.poll(() => suite.page.getByTestId('broadcast-status').textContent(), { timeout: LIVE }).toBe('已完成')
    expect(await figure('planned').textContent()).toBe('5')
    expect(await figure('skipped').textContent()).toBe('1')
    expect(await figure('uncertain').textContent()).toBe('0')
    expect(await suite.page.getByTestId('skip-reasons').textContent()).toContain('没有会话（未添加客服） 1')
    await suite.page.getByTestId('deliveries').locator('tbody tr', { hasText: '刘洋' }).waitFor()
    expect(await suite.page.getByTestId('deliveries').locator('tbody tr').count()).toBe(5)
    expect(await suite.page.getByTestId('delivery-attachment').allTextContents()).toEqual(['随文字发出', '随文字发出', '随文字发出', '随文字发出']) // the one skipped has none
    await still()
    await shot(suite.page, 'broadcast-detail')

    // Each reachable member got it once, with their own name and clinic.
    for (const member of patients) expect(worker.received.get(member.externalId!)).toEqual([TEXT.replace('{{name}}', member.name).replace('{{clinic}}', clinicName)])
    expect(await getBroadcast(broadcastId)).toMatchObject({ status: 'completed', planned: 5, sent: 4, skipped: 1, skipReasons: { no_conversation: 1 }, failed: 0, uncertain: 0 })
  }, STEP)

  it('pause, resume and cancel from the page; a send cut short and a failed one are listed for staff to check', async () => {
    const created = await suite.app.request('POST', '/api/broadcasts', { token: marketingToken, body: { name: '春季义诊通知', text: '{{name}}您好，本周六上午有眼科专家义诊。', audience: { tags: ['春季义诊'] } } })
    expect(created.status).toBe(201)
    const id = created.body.id as string
    expect((await suite.app.request('POST', `/api/broadcasts/${id}/schedule`, { token: marketingToken })).body.status).toBe('scheduled') // 3: not above the threshold
    await dispatch()
    const outbox = outboxModel(suite.app.deps.db)
    const rows = await outbox.find({ account: HOLD_ACCOUNT }).sort({ memberId: 1 }).lean<Array<{ _id: unknown; memberId: unknown }>>()
    expect(rows).toHaveLength(3)
    // What the outbox leaves after a crash mid-send (never resent), and after a channel refused it past its retries.
    await outbox.updateOne({ _id: rows[0]._id }, { $set: { status: 'uncertain', lastError: 'the process stopped while this was being sent; not sent again' }, $inc: { rev: 1 } })
    await outbox.updateOne({ _id: rows[1]._id }, { $set: { status: 'failed', lastError: 'errcode 45009: api freq out of limit' }, $inc: { rev: 1 } })

    await suite.page.goto(`/broadcasts/${id}`)
    await suite.page.getByTestId('broadcast-detail').waitFor()
    expect(await suite.page.getByTestId('broadcast-status').textContent()).toBe('发送中')
    await expect.poll(() => figure('uncertain').textContent()).toBe('1')
    expect(await figure('failed').textContent()).toBe('1')
    expect(await figure('queued').textContent()).toBe('1')
    // The page opens on what needs a person: the uncertain one, with what to do about it.
    const deliveries = suite.page.getByTestId('deliveries')
    await deliveries.getByText('系统不会重发').waitFor()
    await deliveries.locator('tbody tr', { hasText: held[0].name }).getByText('发送时服务中断，未重发').waitFor()
    await suite.page.getByTestId('deliveries-failed').click()
    await deliveries.locator('tbody tr', { hasText: held[1].name }).getByText('渠道返回：errcode 45009').waitFor()

    await suite.page.getByTestId('bc-pause').click()
    await confirmPopup()
    await expect.poll(() => suite.page.getByTestId('broadcast-status').textContent()).toBe('已暂停')
    await expect.poll(() => figure('paused').textContent()).toBe('1')
    expect(await getBroadcast(id)).toMatchObject({ status: 'paused', paused: 1, uncertain: 1, failed: 1 })
    expect(await outbox.countDocuments({ account: HOLD_ACCOUNT, status: 'queued' })).toBe(0) // taken back

    await suite.page.getByTestId('bc-resume').click()
    await confirmPopup()
    await expect.poll(() => suite.page.getByTestId('broadcast-status').textContent()).toBe('发送中')
    await dispatch()
    expect(await outbox.countDocuments({ account: HOLD_ACCOUNT, status: 'queued' })).toBe(1) // only the paused one, under a new key

    await suite.page.getByTestId('bc-cancel').click()
    await confirmPopup()
    await expect.poll(() => suite.page.getByTestId('broadcast-status').textContent()).toBe('已取消')
    await expect.poll(() => figure('cancelled').textContent()).toBe('1')
    expect(await suite.page.getByTestId('bc-pause').count()).toBe(0)
    expect(await suite.page.getByTestId('bc-cancel').count()).toBe(0)
    expect(await getBroadcast(id)).toMatchObject({ status: 'cancelled', planned: 3, cancelled: 1, uncertain: 1, failed: 1, sent: 0 })
    expect(await outbox.countDocuments({ account: HOLD_ACCOUNT, status: 'queued' })).toBe(0)
  }, STEP)

  it('the list shows each broadcast with its status and progress; a director reads it without the buttons', async () => {
    await suite.page.locator('.menu-item', { hasText: '群发' }).click()
    const list = suite.page.getByTestId('broadcast-list')
    await list.locator('tbody tr', { hasText: '白内障术后复查提醒' }).getByText('已完成').waitFor()
    await list.locator('tbody tr', { hasText: '白内障术后复查提醒' }).getByText('已送达 4 / 5').waitFor()
    await list.locator('tbody tr', { hasText: '春季义诊通知' }).getByText('已取消').waitFor()
    await list.locator('tbody tr', { hasText: '春季义诊通知' }).getByText('待核实 1').waitFor()
    await still()
    await shot(suite.page, 'broadcasts')

    await switchUser(suite.page, DIRECTOR)
    expect(await menu()).toContain('群发')
    await suite.page.locator('.menu-item', { hasText: '群发' }).click()
    await list.locator('tbody tr', { hasText: '春季义诊通知' }).waitFor()
    expect(await suite.page.getByTestId('bc-new').count()).toBe(0)
    await list.locator('tbody tr', { hasText: '春季义诊通知' }).click()
    await suite.page.getByTestId('broadcast-detail').waitFor()
    expect(await suite.page.getByTestId('bc-cancel').count()).toBe(0)
    expect((await suite.app.request('POST', `/api/broadcasts/${broadcastId}/cancel`, { token: await suite.app.login(DIRECTOR.username, DIRECTOR.password) })).status).toBe(403)
  }, STEP)

  it('a weekly or timed broadcast is written from the form; changing a draft replaces it, and a closed form keeps the draft', async () => {
    await switchUser(suite.page, MARKETING)
    await suite.page.locator('.menu-item', { hasText: '群发' }).click()
    await suite.page.getByTestId('bc-new').click()
    await suite.page.getByTestId('bc-name').locator('input').fill('周五护眼小贴士')
    await suite.page.getByTestId('bc-text').locator('textarea').fill('{{name}}您好，周末出游记得戴太阳镜，{{tier}}专享验光服务随时预约。')
    await suite.page.getByTestId('bc-timing').getByText('每周定期发送').click()
    await suite.page.getByTestId('bc-weekday').click()
    await suite.page.locator('.t-select-option', { hasText: '每周五' }).click()
    await suite.page.getByTestId('bc-preview').click()
    await suite.page.getByTestId('broadcast-preview').waitFor()
    await suite.page.getByTestId('bc-confirm').getByText('每周五 10:00').waitFor()
    expect(await suite.page.getByTestId('preview-audience').textContent()).toBe('9') // all nine members but the one who opted out

    // Back to the form: a time instead of every Friday. The first draft gives way to the second.
    await suite.page.getByRole('button', { name: '返回修改' }).click()
    await suite.page.getByTestId('bc-timing').getByText('定时发送').click()
    await suite.page.getByTestId('bc-send-at').locator('input').click()
    await suite.page.getByTestId('bc-send-at').locator('input').fill('2026-11-30 09:30')
    await suite.page.locator('.t-date-picker__panel').getByRole('button', { name: '确定' }).click()
    await suite.page.getByTestId('bc-preview').click()
    await suite.page.getByTestId('bc-confirm').getByText('2026/11/30 09:30').waitFor()
    await suite.page.locator('.t-drawer__close-btn').click()
    await suite.page.getByText('草稿已保存，可在列表中打开它继续安排发送。').waitFor()

    const mine = (await suite.app.request('GET', '/api/broadcasts', { token: marketingToken })).body.items.filter((b: { name: string }) => b.name === '周五护眼小贴士')
    expect(mine.map((b: { status: string }) => b.status)).toEqual(['draft', 'cancelled']) // newest first
    expect(mine[0]).toMatchObject({ sendAt: '2026-11-30T01:30:00.000Z', recurrence: null, audience: {} })
    expect(mine[1]).toMatchObject({ recurrence: { weekday: 5, time: '10:00' } })
    await suite.page.getByTestId('broadcast-list').locator('tbody tr', { hasText: '周五护眼小贴士' }).getByText('草稿').click()
    await suite.page.getByTestId('broadcast-detail').getByTestId('bc-schedule').waitFor()
    await suite.page.getByTestId('broadcast-preview').waitFor()
  }, STEP)

  it('the care page shows the seven programmes and the coming holidays; switching one off and editing the Friday library persist', async () => {
    await switchUser(suite.page, MARKETING)
    await suite.page.locator('.menu-item', { hasText: '关怀计划' }).click()
    await suite.page.getByTestId('care-dates').waitFor()
    for (const key of ['day1', 'month1', 'month3', 'friday', 'season', 'holiday', 'birthday']) await suite.page.getByTestId(`programme-${key}`).waitFor()
    const dates = await suite.page.getByTestId('care-date').allTextContents()
    expect(dates).toContainEqual(expect.stringMatching(/^2027-09-15\s*周三\s*中秋节$/))
    expect(dates).toContainEqual(expect.stringMatching(/^2027-02-06\s*周六\s*春节$/))
    expect(dates[0]).toMatch(/^2026-12-25.*圣诞节$/) // the next one after 24 November 2026

    // Month 3 off: saved at once, and still off after a reload.
    await suite.page.getByTestId('programme-switch-month3').click()
    await suite.page.getByText('「加入三个月回访」已关闭').waitFor()
    const month3 = async () => (await suite.app.request('GET', '/api/care-programmes', { token: marketingToken })).body.items.find((p: { key: string }) => p.key === 'month3')
    expect((await month3()).enabled).toBe(false)
    await suite.page.reload()
    await suite.page.getByTestId('programme-month3').waitFor()
    expect(await suite.page.getByTestId('programme-switch-month3').getAttribute('class')).not.toContain('t-is-checked')
    expect(await suite.page.getByTestId('programme-switch-friday').getAttribute('class')).toContain('t-is-checked')

    // A text with a misspelt variable is refused before it reaches anyone; a good one is saved.
    await suite.page.getByTestId('slot-holiday-mid_autumn').getByRole('button', { name: '编辑' }).click()
    const editor = suite.page.getByTestId('slot-editor').locator('textarea')
    await editor.fill('{{nmae}}，月圆人团圆，中秋快乐！')
    await suite.page.locator('.t-dialog__footer').getByRole('button', { name: '保存' }).click()
    await suite.page.getByText('{{nmae}} 不是这段文案可用的变量。').waitFor()
    await editor.fill('月圆人团圆，{{clinic}}祝您和家人中秋快乐、阖家安康！')
    await suite.page.locator('.t-dialog__footer').getByRole('button', { name: '保存' }).click()
    await suite.page.getByTestId('slot-holiday-mid_autumn').getByText('{{clinic}}祝您和家人中秋快乐').waitFor()

    // The Friday library: one more text.
    await suite.page.getByTestId('library-edit').click()
    await suite.page.getByTestId('library-add').click()
    const fresh = suite.page.getByTestId('library-editor').locator('textarea').last()
    await fresh.fill('周五啦！晚上记得早点放下手机，让眼睛和心情都好好休息。')
    await suite.page.getByRole('button', { name: '保存问候库' }).click()
    await suite.page.getByText('问候库已保存，共 11 条').waitFor()
    await suite.page.getByTestId('library').getByText('让眼睛和心情都好好休息').waitFor()

    const programmes = (await suite.app.request('GET', '/api/care-programmes', { token: marketingToken })).body.items
    const friday = programmes.find((p: { key: string }) => p.key === 'friday')
    expect(friday.library).toHaveLength(11)
    expect(friday.library[10]).toBe('周五啦！晚上记得早点放下手机，让眼睛和心情都好好休息。')
    expect(programmes.find((p: { key: string }) => p.key === 'holiday').texts.mid_autumn).toBe('月圆人团圆，{{clinic}}祝您和家人中秋快乐、阖家安康！')
    await suite.page.getByTestId('library-editor').waitFor({ state: 'detached' })
    await still()
    await shot(suite.page, 'care')
  }, STEP)

  it('a VIP’s birthday gives the staff a card-and-gift task, which an agent marks done', async () => {
    expect((await suite.app.request('POST', '/api/jobs/care.daily/run', { token: suite.adminToken, body: {} })).body).toMatchObject({ ok: true })
    await switchUser(suite.page, AGENT)
    expect(await menu()).toContain('关怀计划')
    await suite.page.locator('.menu-item', { hasText: '关怀计划' }).click()
    const tasks = suite.page.getByTestId('care-tasks')
    await tasks.waitFor()
    expect(await suite.page.locator('.t-tabs__nav-item').allTextContents()).toEqual(['生日贺卡与礼物']) // agents do not see the programmes
    const row = tasks.locator('tbody tr', { hasText: '钱佩珍' })
    await row.getByText('待处理').waitFor()
    expect(await row.textContent()).toContain('2026-11-24')

    await row.getByTestId('task-done').click()
    await suite.page.getByTestId('task-note').locator('input').fill('到店复查时当面送上鲜花和贺卡')
    await suite.page.getByRole('button', { name: '已送达' }).click()
    await tasks.getByText('没有待处理的生日任务').waitFor()

    const done = await suite.app.request('GET', '/api/care-tasks?status=done', { token: await suite.app.login(AGENT.username, AGENT.password) })
    expect(done.body.items).toEqual([expect.objectContaining({ memberName: '钱佩珍', status: 'done', day: '2026-11-24', doneByName: AGENT.name, note: '到店复查时当面送上鲜花和贺卡' })])
  }, STEP)
})
