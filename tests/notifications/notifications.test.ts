import { createServer, type AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findDeadlineAlerts } from '../../core/complaints/alerts.ts'
import { answerSurvey } from '../../core/surveys/answers.ts'
import { fixedClock } from '../../platform/clock.ts'
import { outboxModel } from '../../platform/outbox/model.ts'
import { fileCase } from '../complaints/factories.ts'
import { welcomedCustomer } from '../helpers/sandbox-driver.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { at, invitationsOf, memberWithChat, runJob, visit } from '../surveys/factories.ts'
import { startFakeWecom, type FakeWecom } from '../wecom/fake-wecom.ts'
import { eventually, wecomEnv } from '../wecom/wecom-kit.ts'

const AGENT_ID = '1000002'

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

describe('notifications reach the right staff, in the console and in WeCom, once', () => {
  const clock = fixedClock(at('2026-11-24 10:00'))
  let app: TestApp
  let fake: FakeWecom
  const token: Record<string, string> = {}

  async function staff(key: string, roles: string[], clinicCodes: string[], wecomUserId?: string) {
    const username = `${key.toLowerCase()}_${Date.now() % 100000}`
    const res = await app.request('POST', '/api/staff', { token: await app.login(), body: { username, name: key, password: 'staff-password-1', roles, clinicCodes, ...(wecomUserId ? { wecomUserId } : {}) } })
    expect(res.status).toBe(201)
    expect(res.body.wecomUserId).toBe(wecomUserId ?? null)
    token[key] = await app.login(username, 'staff-password-1')
  }

  const mine = async (key: string) => (await app.request('GET', '/api/notifications?limit=100', { token: token[key] })).body as { items: Array<{ id: string; kind: string; link: string; title: string; body: string; readAt: string | null }>; unread: number }
  const sentTo = (user: string, title: string) => fake.calls('/cgi-bin/message/send').filter((r) => r.body?.touser === user && String(r.body?.textcard?.title).includes(title))

  let PUBLIC_URL: string
  beforeAll(async () => {
    fake = await startFakeWecom()
    // The cards link to the console at PUBLIC_URL, which is also where the tests reach the server.
    const port = await freePort()
    PUBLIC_URL = `http://127.0.0.1:${port}`
    app = await startTestApp({
      clock,
      env: wecomEnv(fake, { PORT: String(port), WECOM_AGENT_ID: AGENT_ID, PUBLIC_URL, WECOM_SENDER_USERID: '', WECOM_KF_OPEN_KFID: '', WECOM_KF_SERVICER_USERID: '' }),
    })
    await staff('supBJ', ['supervisor'], ['BJ01'], 'sup-bj01')
    await staff('supCD', ['supervisor'], ['CD01'], 'sup-cd01')
    await staff('agentBJ', ['agent'], ['BJ01'], 'agent-bj01')
    await staff('agentPlain', ['agent'], ['BJ01'])
    await staff('director', ['director'], [], 'director-1')
  })
  afterAll(async () => {
    await app?.stop()
    await fake?.close()
  })

  it('a new emergency in the queue reaches the clinic’s agents and supervisors: the bell, and one WeCom textcard each to those with a WeCom account', async () => {
    const customer = await welcomedCustomer(app, { name: '急诊的顾客', clinicCode: 'BJ01' })
    await customer.sayAndWait('我做完手术眼睛突然剧痛，还流血了怎么办', '急诊')

    const agent = await eventually(async () => (await mine('agentBJ')).items.find((n) => n.kind === 'emergency'))
    expect(agent).toMatchObject({ link: '/inbox', readAt: null })
    expect(agent.body).toContain('急诊的顾客')
    expect(agent.body).not.toContain('剧痛') // the message itself stays in the console
    // One notifyStaff call stores every recipient's row: by now all are stored.
    expect((await mine('agentPlain')).items.filter((n) => n.kind === 'emergency')).toHaveLength(1)
    expect((await mine('supBJ')).items.filter((n) => n.kind === 'emergency')).toHaveLength(1)
    expect((await mine('supCD')).items.filter((n) => n.kind === 'emergency')).toEqual([])
    expect((await mine('director')).items.filter((n) => n.kind === 'emergency')).toEqual([])

    const cards = await eventually(() => (sentTo('agent-bj01', '紧急求助').length && sentTo('sup-bj01', '紧急求助').length ? true : null))
    expect(cards).toBe(true)
    expect(sentTo('agent-bj01', '紧急求助')).toHaveLength(1)
    expect(sentTo('sup-cd01', '紧急求助')).toEqual([])
    const [card] = sentTo('agent-bj01', '紧急求助')
    expect(card.body).toMatchObject({ msgtype: 'textcard', agentid: Number(AGENT_ID), textcard: { url: `${PUBLIC_URL}/inbox`, btntxt: '查看' } })
    expect(card.body.textcard.description).toBe(agent.body)
  })

  it('a complaint deadline reaches its owners and the clinic’s supervisors (and directors when overdue); a second run notifies nobody twice', async () => {
    const { number } = await fileCase(app, token.agentBJ, { clinicCode: 'BJ01' })
    const fired = await findDeadlineAlerts(app.deps, at('2026-12-10 10:00'))
    expect(fired.filter((a) => a.number === number).length).toBeGreaterThan(0)
    const about = (n: { link: string }) => n.link === `/complaints/${number}`
    const supervisor = (await mine('supBJ')).items.filter(about)
    expect(supervisor.length).toBeGreaterThan(0)
    expect(supervisor[0]).toMatchObject({ kind: 'complaint_deadline', title: `投诉已逾期：${number}` })
    expect((await mine('director')).items.filter(about).length).toBe(supervisor.length)
    expect((await mine('supCD')).items.filter(about)).toEqual([])
    expect((await mine('agentBJ')).items.filter(about)).toEqual([])
    await eventually(() => (sentTo('sup-bj01', number).length === supervisor.length ? true : null))

    const queuedFor = () => outboxModel(app.deps.db).countDocuments({ origin: 'staff_notification', recipient: 'sup-bj01' })
    const queuedBefore = await queuedFor()
    expect((await findDeadlineAlerts(app.deps, at('2026-12-10 11:00'))).filter((a) => a.number === number)).toEqual([])
    expect((await mine('supBJ')).items.filter(about)).toHaveLength(supervisor.length)
    expect(await queuedFor()).toBe(queuedBefore) // nothing new for WeCom to send
    expect(sentTo('sup-bj01', number)).toHaveLength(supervisor.length)
  })

  it('a low survey score reaches the clinic’s supervisors', async () => {
    const { memberId } = await memberWithChat(app, { clinicCode: 'BJ01' })
    await visit(app, memberId, 'non_surgical', '2026-11-23 10:00', 'BJ01')
    await runJob(app, 'surveys.invite', at('2026-11-24 10:00'))
    const [invitation] = await invitationsOf(app, memberId)
    await answerSurvey(app.deps, String(invitation._id), [{ questionId: 'q1', score: 1 }], { source: 'chat' })
    const low = (await mine('supBJ')).items.filter((n) => n.kind === 'survey_low_score')
    expect(low).toHaveLength(1)
    expect(low[0]).toMatchObject({ link: '/surveys', title: '回访低分待联系（BJ01）' })
    expect((await mine('supCD')).items.filter((n) => n.kind === 'survey_low_score')).toEqual([])
    expect((await mine('agentBJ')).items.filter((n) => n.kind === 'survey_low_score')).toEqual([])
  })

  it('the Friday report reaches directors and supervisors, each with their own clinics’ figures and a link to the report', async () => {
    await runJob(app, 'surveys.weekly-report', at('2026-11-27 17:00'))
    const weekly = async (key: string) => (await mine(key)).items.filter((n) => n.kind === 'weekly_report')
    const [director, bj, cd] = [await weekly('director'), await weekly('supBJ'), await weekly('supCD')]
    for (const list of [director, bj, cd]) expect(list).toHaveLength(1)
    expect(director[0]).toMatchObject({ title: '满意度周报（2026-11-21 至 2026-11-27）', link: '/surveys?from=2026-11-21&to=2026-11-27' })
    expect(bj[0].body).not.toBe(cd[0].body) // their own clinics' lines
    expect(await weekly('agentBJ')).toEqual([])
    await runJob(app, 'surveys.weekly-report', at('2026-11-27 17:05'))
    expect(await weekly('director')).toHaveLength(1)
  })

  it('each member of staff reads and marks only their own', async () => {
    const before = await mine('agentBJ')
    expect(before.unread).toBeGreaterThan(0)
    const first = before.items[0]
    expect((await app.request('POST', `/api/notifications/${encodeURIComponent(first.id)}/read`, { token: token.supCD })).status).toBe(404)
    const read = await app.request('POST', `/api/notifications/${encodeURIComponent(first.id)}/read`, { token: token.agentBJ })
    expect(read.status).toBe(200)
    expect(read.body.readAt).not.toBeNull()
    expect((await mine('agentBJ')).unread).toBe(before.unread - 1)
    const all = await app.request('POST', '/api/notifications/read-all', { token: token.agentBJ })
    expect(all.body.marked).toBe(before.unread - 1)
    expect((await mine('agentBJ')).unread).toBe(0)
    expect((await mine('supBJ')).unread).toBeGreaterThan(0) // others' are untouched
  })
})
