import { beforeAll, describe, expect, it } from 'vitest'
import { fileComplaint } from '../../core/complaints/service.ts'
import { conversationModel } from '../../core/conversations/model.ts'
import { setOptedOut } from '../../core/members/service.ts'
import { nudgeModel } from '../../core/surveys/model.ts'
import { fixedClock } from '../../platform/clock.ts'
import { startTestApp, useTestApp, type TestApp } from '../helpers/test-app.ts'
import { at, conversationOf, invitationsOf, memberWithChat, memberWithoutChat, randomPhone, runJob, surveyMessages, visit } from './factories.ts'

const TUESDAY_10 = at('2026-11-24 10:00') // yesterday = Monday 2026-11-23

describe('daily survey invitations for a day of mixed visits', () => {
  const clock = fixedClock(TUESDAY_10)
  const m: Record<string, { memberId: string; conversationId?: string }> = {}
  let firstRun: Record<string, any>

  const suite = useTestApp({ clock })
  beforeAll(async () => {
    m.surgery = await memberWithChat(suite.app, { name: '手术张女士' })
    await visit(suite.app, m.surgery.memberId, 'surgical', '2026-11-23 09:30')

    m.twoVisits = await memberWithChat(suite.app, { name: '两次李先生' })
    await visit(suite.app, m.twoVisits.memberId, 'no_spend', '2026-11-23 09:00')
    await visit(suite.app, m.twoVisits.memberId, 'non_surgical', '2026-11-23 15:00')

    m.optedOut = await memberWithChat(suite.app)
    await setOptedOut(suite.app.deps, m.optedOut.memberId, true)
    await visit(suite.app, m.optedOut.memberId, 'non_surgical', '2026-11-23 11:00')

    m.complaining = await memberWithChat(suite.app)
    await fileComplaint(suite.app.deps, { clinicCode: 'BJ01', channel: 'chat', customerName: '投诉人', phone: '13900001111', memberId: m.complaining.memberId, description: '验光等了两个小时' })
    await visit(suite.app, m.complaining.memberId, 'no_spend', '2026-11-23 10:00')

    // Surveyed on Saturday for Friday's visit, and back on Monday.
    m.recent = await memberWithChat(suite.app)
    await visit(suite.app, m.recent.memberId, 'non_surgical', '2026-11-20 10:00')
    await runJob(suite.app, 'surveys.invite', at('2026-11-21 10:00'))
    await visit(suite.app, m.recent.memberId, 'no_spend', '2026-11-23 16:00')

    const pendingPhone = randomPhone()
    await visit(suite.app, { phone: pendingPhone }, 'surgical', '2026-11-23 14:00') // nobody added the account: a pending member
    m.noChat = await memberWithoutChat(suite.app)
    await visit(suite.app, m.noChat.memberId, 'no_spend', '2026-11-23 10:30')

    // Operated a week ago: the post-surgery touchpoint is due today.
    m.weekAgo = await memberWithChat(suite.app)
    await visit(suite.app, m.weekAgo.memberId, 'surgical', '2026-11-17 10:00')

    m.wecom = await memberWithChat(suite.app, { channel: 'wecom' })
    await visit(suite.app, m.wecom.memberId, 'non_surgical', '2026-11-23 12:00')
    m.kfQuiet = await memberWithChat(suite.app, { channel: 'kf', lastCustomerMessageAt: at('2026-11-20 10:00') })
    await visit(suite.app, m.kfQuiet.memberId, 'non_surgical', '2026-11-23 12:00')

    firstRun = await runJob(suite.app, 'surveys.invite', TUESDAY_10)
  })

  it('yesterday’s visitors get the survey of their visit type in chat, with the intro and the first question', async () => {
    const [invitation] = await invitationsOf(suite.app, m.surgery.memberId)
    expect(invitation).toMatchObject({ surveyType: 'surgical', visitType: 'surgical', status: 'sent', templateVersion: 1, planDay: '2026-11-24' })
    const messages = await surveyMessages(suite.app, String(invitation._id))
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatchObject({ key: `survey:${invitation._id}:q0`, origin: 'survey' })
    expect(messages[0].text).toContain('北京朝阳眼科中心')
    expect(messages[0].text).toContain('感谢您昨天选择在我们这里手术')
    expect(messages[0].text).toContain('（1/4）总体来说，您对这次手术的整体服务满意吗？')
    const conversation = await conversationOf(suite.app, m.surgery.conversationId!)
    expect(conversation?.dialog).toMatchObject({ name: 'survey', state: { invitationId: String(invitation._id), phase: 'questions' } })
  })

  it('a member with several visits gets one survey, of the most significant type', async () => {
    const invitations = await invitationsOf(suite.app, m.twoVisits.memberId)
    expect(invitations.map((i) => [i.surveyType, i.status, i.skipReason ?? null]).sort()).toEqual([
      ['no_spend', 'skipped', 'one_per_member'],
      ['non_surgical', 'sent', null],
    ])
  })

  it.each([
    ['optedOut', 'opted_out'],
    ['complaining', 'open_complaint'],
    ['recent', 'surveyed_recently'],
    ['noChat', 'no_conversation'],
    ['wecom', 'needs_mass_task'],
    ['kfQuiet', 'no_open_window'],
  ])('%s members are not surveyed, and the invitation records why (%s)', async (who, reason) => {
    const invitations = (await invitationsOf(suite.app, m[who].memberId)).filter((i) => i.planDay === '2026-11-24')
    expect(invitations.map((i) => [i.status, i.skipReason])).toEqual([['skipped', reason]])
    expect(await surveyMessages(suite.app, String(invitations[0]._id))).toEqual([])
  })

  it('a pending member without a channel identity is not surveyed', async () => {
    const token = await suite.app.login()
    const skipped = await suite.app.request('GET', '/api/surveys/invitations?status=skipped&visitType=surgical', { token })
    expect(skipped.body.items.map((i: { skipReason: string }) => i.skipReason)).toEqual(['no_channel_identity'])
  })

  it('the touchpoint due today (a week after surgery) goes out with its own template', async () => {
    const [invitation] = await invitationsOf(suite.app, m.weekAgo.memberId)
    expect(invitation).toMatchObject({ surveyType: 'post_surgery', visitType: 'surgical', status: 'sent' })
    const [message] = await surveyMessages(suite.app, String(invitation._id))
    expect(message.text).toContain('您11月17日的手术已经一周啦')
  })

  it('the job reports what it planned and sent', () => {
    expect(firstRun).toMatchObject({ day: '2026-11-24', sent: 3, delivered: 3, waiting: 0 })
    expect(firstRun.skipped).toEqual({ one_per_member: 1, opted_out: 1, open_complaint: 1, surveyed_recently: 1, no_channel_identity: 1, no_conversation: 1, needs_mass_task: 1, no_open_window: 1 })
  })

  it('running the job again the same day sends nothing twice', async () => {
    const again = await runJob(suite.app, 'surveys.invite', at('2026-11-24 10:30'))
    expect(again).toMatchObject({ planned: 0, sent: 0, delivered: 0 })
    const [invitation] = await invitationsOf(suite.app, m.surgery.memberId)
    expect(await surveyMessages(suite.app, String(invitation._id))).toHaveLength(1)
  })

  it('GET /api/surveys/invitations answers the contract’s fields and filters by member, status and visit type', async () => {
    const token = await suite.app.staffToken(['supervisor'])
    const res = await suite.app.request('GET', `/api/surveys/invitations?memberId=${m.twoVisits.memberId}&status=sent&visitType=non_surgical`, { token })
    expect(res.status).toBe(200)
    expect(res.body.total).toBe(1)
    expect(res.body.items[0]).toMatchObject({ memberId: m.twoVisits.memberId, visitType: 'non_surgical', templateVersion: 1, status: 'sent', answers: [], score: null })
    expect(res.body.items[0].sentAt).toBe(TUESDAY_10.toISOString())
    expect(Object.keys(res.body.items[0])).toEqual(expect.arrayContaining(['id', 'memberId', 'visitId', 'visitType', 'templateVersion', 'status', 'sentAt', 'answers', 'score']))
    expect((await suite.app.request('GET', '/api/surveys/invitations', { token: await suite.app.staffToken(['marketing']) })).status).toBe(403)
  })

  it('the survey jobs are scheduled by their stable names, mornings and Friday afternoons, and documented in OpenAPI', async () => {
    const token = await suite.app.login()
    const jobs = await suite.app.request('GET', '/api/jobs?limit=100', { token })
    const cron = (name: string) => jobs.body.items.find((j: { name: string }) => j.name === name)?.cron
    expect([cron('surveys.invite'), cron('surveys.expire'), cron('surveys.weekly-report'), cron('surveys.resume')]).toEqual(['0 10 * * *', '25 * * * *', '0 17 * * 5', '*/5 * * * *'])
    const openApi = await suite.app.request('GET', '/api/openapi.json')
    expect(openApi.body.paths['/api/surveys/templates/{key}'].put.requestBody).toBeDefined()
    expect(Object.keys(openApi.body.paths)).toEqual(expect.arrayContaining(['/api/surveys/invitations', '/api/surveys/followups', '/api/surveys/followups/{id}/done', '/api/surveys/report']))
  })

  it('templates list every survey type with three to five questions, the first score question first', async () => {
    const res = await suite.app.request('GET', '/api/surveys/templates', { token: await suite.app.staffToken(['agent']) })
    expect(res.body.items.map((t: { key: string; delayDays: number }) => [t.key, t.delayDays])).toEqual([
      ['no_spend', 1], ['non_surgical', 1], ['surgical', 1], ['post_surgery', 7], ['post_recovery', 30], ['post_course', 14],
    ])
    for (const t of res.body.items) {
      expect(t.questions.length).toBeGreaterThanOrEqual(3)
      expect(t.questions.length).toBeLessThanOrEqual(5)
      expect(t.questions[0].kind).toBe('score')
      expect(t.intro).toMatch(/[，。！]/) // full-width punctuation
    }
  })

  it('editing a template writes a new version; a survey already sent keeps the version it was sent with', async () => {
    const supervisor = await suite.app.staffToken(['supervisor'])
    const edited = await suite.app.request('PUT', '/api/surveys/templates/surgical', {
      token: supervisor,
      body: { questions: [{ kind: 'score', text: '您对这次手术满意吗？' }, { kind: 'choice', text: '术后感觉？', options: [{ label: '很好' }, { label: '不适，希望医生联系我', followUp: true }] }, { kind: 'text', text: '还有建议吗？' }] },
    })
    expect(edited.status).toBe(200)
    expect(edited.body).toMatchObject({ key: 'surgical', version: 2, questions: [{ id: 'q1' }, { id: 'q2', options: [{ id: 'o1' }, { id: 'o2', followUp: true }] }, { id: 'q3' }] })
    const [sent] = await invitationsOf(suite.app, m.surgery.memberId)
    expect(sent.templateVersion).toBe(1)
    const noScore = await suite.app.request('PUT', '/api/surveys/templates/surgical', { token: supervisor, body: { questions: [1, 2, 3].map((i) => ({ kind: 'text', text: `问题${i}` })) } })
    expect(noScore.status).toBe(422)
    expect(noScore.body.error.code).toBe('score_question_required')
    const tooFew = await suite.app.request('PUT', '/api/surveys/templates/surgical', { token: supervisor, body: { questions: [{ kind: 'score', text: '满意吗？' }] } })
    expect(tooFew.status).toBe(400)
    expect((await suite.app.request('PUT', '/api/surveys/templates/surgical', { token: await suite.app.staffToken(['agent']), body: edited.body })).status).toBe(403)
    expect((await suite.app.request('GET', '/api/surveys/templates', { token: supervisor })).body.items.find((t: { key: string }) => t.key === 'surgical').version).toBe(2)
  })
})

describe('a survey is sent exactly once per visit and touchpoint', () => {
  /** Each member has one invitation, sent as one message. */
  async function expectOneSurveyEach(app: TestApp, members: Array<{ memberId: string }>) {
    for (const { memberId } of members) {
      const invitations = await invitationsOf(app, memberId)
      expect(invitations).toHaveLength(1)
      expect(await surveyMessages(app, String(invitations[0]._id))).toHaveLength(1)
    }
  }

  it('two runNow calls at once: one runs, the other is told the job is running, and each visit gets one message', async () => {
    const app = await startTestApp({ clock: fixedClock(TUESDAY_10) })
    try {
      const members = await Promise.all([0, 1, 2].map(() => memberWithChat(app)))
      for (const { memberId } of members) await visit(app, memberId, 'non_surgical', '2026-11-23 10:00')
      const outcomes = await Promise.allSettled([app.scheduler.runNow('surveys.invite', TUESDAY_10), app.scheduler.runNow('surveys.invite', TUESDAY_10)])
      expect(outcomes.filter((o) => o.status === 'fulfilled').length).toBeGreaterThanOrEqual(1)
      for (const o of outcomes) if (o.status === 'rejected') expect(o.reason.code).toBe('job_running')
      await expectOneSurveyEach(app, members)
    } finally {
      await app.stop()
    }
  })

  it('two instances sharing one database, both running the job, send each survey once', async () => {
    const dbName = `surveys_two_${Date.now()}`
    const one = await startTestApp({ dbName, clock: fixedClock(TUESDAY_10) })
    const two = await startTestApp({ dbName, clock: fixedClock(TUESDAY_10), env: { BOT_ENABLED: 'false' } })
    try {
      const members = await Promise.all([0, 1, 2, 3].map(() => memberWithChat(one)))
      for (const { memberId } of members) await visit(one, memberId, 'surgical', '2026-11-23 10:00')
      await Promise.allSettled([one.scheduler.runNow('surveys.invite', TUESDAY_10), two.scheduler.runNow('surveys.invite', TUESDAY_10)])
      await Promise.allSettled([two.scheduler.runNow('surveys.invite', TUESDAY_10), one.scheduler.runNow('surveys.invite', TUESDAY_10)])
      for (const { memberId } of members) {
        const invitations = await invitationsOf(one, memberId)
        expect(invitations.map((i) => i.status)).toEqual(['sent'])
        expect(await surveyMessages(one, String(invitations[0]._id))).toHaveLength(1)
      }
    } finally {
      await two.stop()
      await one.stop()
    }
  })

  it('planning and delivering concurrently without the job’s lease still writes and sends each invitation once', async () => {
    const app = await startTestApp({ clock: fixedClock(TUESDAY_10) })
    try {
      const members = await Promise.all([0, 1, 2, 3, 4].map(() => memberWithChat(app)))
      for (const { memberId } of members) await visit(app, memberId, 'no_spend', '2026-11-23 10:00')
      const job = (await import('../../core/surveys/jobs.ts')).surveyInviteJob
      const runs = await Promise.all([0, 1, 2].map(() => job.run(app.deps, { now: TUESDAY_10 }) as Promise<{ planned: number }>))
      expect(runs.reduce((sum, r) => sum + r.planned, 0)).toBe(5)
      await expectOneSurveyEach(app, members)
    } finally {
      await app.stop()
    }
  })
})

describe('when a survey goes out', () => {
  const suite = useTestApp({ clock: fixedClock(TUESDAY_10) })

  it('a run inside QUIET_HOURS plans nothing; the morning run does', async () => {
    const { memberId } = await memberWithChat(suite.app)
    await visit(suite.app, memberId, 'no_spend', '2026-11-24 09:00')
    expect(await runJob(suite.app, 'surveys.invite', at('2026-11-25 07:00'))).toEqual({ deferred: 'quiet_hours' })
    expect(await invitationsOf(suite.app, memberId)).toEqual([])
    expect(await runJob(suite.app, 'surveys.invite', at('2026-11-25 10:00'))).toMatchObject({ sent: 1 })
  })

  it('a chat in the middle of another dialog is not clobbered: the survey waits and goes out once the chat is free', async () => {
    const { memberId, conversationId } = await memberWithChat(suite.app)
    const appointment = { name: 'appointment', state: { values: {}, asking: 'day', confirming: false, reprompts: 0 }, expiresAt: at('2026-11-26 10:20') }
    await conversationModel(suite.app.deps.db).updateOne({ _id: conversationId }, { $set: { dialog: appointment } })
    await visit(suite.app, memberId, 'non_surgical', '2026-11-25 09:00')

    expect(await runJob(suite.app, 'surveys.invite', at('2026-11-26 10:00'))).toMatchObject({ sent: 1, delivered: 0, waiting: 1 })
    const [invitation] = await invitationsOf(suite.app, memberId)
    expect(await surveyMessages(suite.app, String(invitation._id))).toEqual([])
    expect((await conversationOf(suite.app, conversationId))?.dialog).toMatchObject({ name: 'appointment' })
    expect(await nudgeModel(suite.app.deps.db).findById(invitation._id).lean()).toMatchObject({ kind: 'deliver' })

    expect(await runJob(suite.app, 'surveys.resume', at('2026-11-26 10:05'))).toMatchObject({ delivered: 0, waiting: 1 })
    // The appointment form was left (30 minutes of silence): now the survey takes the chat.
    expect(await runJob(suite.app, 'surveys.resume', at('2026-11-26 10:25'))).toMatchObject({ delivered: 1, waiting: 0 })
    expect((await surveyMessages(suite.app, String(invitation._id))).map((m) => m.key)).toEqual([`survey:${invitation._id}:q0`])
    expect((await conversationOf(suite.app, conversationId))?.dialog).toMatchObject({ name: 'survey' })
    expect(await nudgeModel(suite.app.deps.db).findById(invitation._id).lean()).toBeNull()
  })
})
