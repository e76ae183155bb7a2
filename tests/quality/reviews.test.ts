import { beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '../../platform/clock.ts'
import { useTestApp } from '../helpers/test-app.ts'
import { chatActions, namedStaff, queuedCustomer } from './kit.ts'

type Staff = Awaited<ReturnType<typeof namedStaff>>
const FULL_MARKS = { greeting: 2, empathy: 2, accuracy: 2, solved: 2, privacy: 2, closing: 2 }

describe('the weekly review sample (质检) and the checklist', () => {
  const clock = fixedClock('2026-11-17T09:00:00+08:00') // Tuesday of the week sampled
  let admin: string
  let wang: Staff
  let li: Staff
  let inspector: Staff
  const sampleRun = async () => {
    const res = await suite.app.request('POST', '/api/jobs/quality.review-sample/run', { token: admin, body: { now: '2026-11-23T06:00:00+08:00' } })
    expect(res.status).toBe(200)
    return res.body.result as { week: string; agents: number; added: number }
  }
  const reviews = (token: string, query = '') => suite.app.request('GET', `/api/quality/reviews?limit=100${query}`, { token })

  const suite = useTestApp({ clock, env: { QUALITY_REVIEW_SAMPLE_SIZE: '2', TOKEN_TTL_HOURS: '400' } })
  beforeAll(async () => {
    admin = await suite.app.login()
    wang = await namedStaff(suite.app, '王芳', ['agent'])
    li = await namedStaff(suite.app, '李强', ['agent'])
    inspector = await namedStaff(suite.app, '孙质检', ['qa'])
    // 王芳 handles four chats; after one of them the customer files a complaint by phone.
    for (let i = 0; i < 4; i++) {
      clock.advance(30 * 60_000)
      const { conversationId, memberId } = await queuedCustomer(suite.app, `王芳的顾客${i}`)
      await chatActions(suite.app, conversationId).handle(wang.token, '您好，我来帮您。')
      if (i === 0) {
        const filed = await suite.app.request('POST', '/api/complaints', { token: wang.token, body: { clinicCode: 'BJ01', channel: 'phone', customerName: '王芳的顾客0', memberId, description: '客服答复不清楚' } })
        expect(filed.status).toBe(201)
      }
    }
    // 李强 handles two; one customer rates the help 1.
    for (let i = 0; i < 2; i++) {
      clock.advance(30 * 60_000)
      const { customer, conversationId } = await queuedCustomer(suite.app, `李强的顾客${i}`)
      await chatActions(suite.app, conversationId).handle(li.token, '请稍等。')
      if (i === 0) {
        await customer.waitFor((line) => line.text.includes('回复 1-5 分'))
        await customer.sayAndWait('1', '非常抱歉')
      }
    }
  }, 120_000)

  it('draws each agent’s sample once per week: the set size plus every low rating and complaint, and a second run adds nothing', async () => {
    expect(await sampleRun()).toEqual({ week: '2026-11-16', agents: 2, added: 5 })
    const queue = await reviews(inspector.token, '&status=queued')
    const of = (name: string) => queue.body.items.filter((r: { agentName: string }) => r.agentName === name)
    expect(of('王芳')).toHaveLength(3)
    expect(of('王芳').filter((r: { reasons: string[] }) => r.reasons.includes('complaint'))).toHaveLength(1)
    expect(of('李强').map((r: { reasons: string[] }) => r.reasons).sort()).toEqual([['low_rating'], ['sample']])
    expect(await sampleRun()).toEqual({ week: '2026-11-16', agents: 0, added: 0 })
    expect((await reviews(inspector.token)).body.total).toBe(5)
  })

  it('a scored review is seen by its agent only, who may reply once', async () => {
    const queue = await reviews(inspector.token, '&status=queued')
    const target = queue.body.items.find((r: { agentName: string }) => r.agentName === '王芳')
    const chat = await suite.app.request('GET', `/api/quality/reviews/${target.id}`, { token: inspector.token })
    expect(chat.body.messages.map((m: { from: string }) => m.from)).toEqual(expect.arrayContaining(['customer', 'bot', 'agent']))
    expect(await reviews(wang.token)).toMatchObject({ body: { items: [], total: 0 } }) // not before it is scored

    const scored = await suite.app.request('POST', `/api/quality/reviews/${target.id}`, { token: inspector.token, body: { scores: { ...FULL_MARKS, empathy: 1, closing: 0 }, comment: '结束语缺失' } })
    expect(scored.status).toBe(200)
    expect(scored.body).toMatchObject({ status: 'scored', total: 9, percent: 75, reviewerName: '孙质检' })
    const again = await suite.app.request('POST', `/api/quality/reviews/${target.id}`, { token: inspector.token, body: { scores: FULL_MARKS } })
    expect(again.body.error.code).toBe('review_already_scored')

    expect((await reviews(wang.token)).body.items.map((r: { id: string }) => r.id)).toEqual([target.id])
    expect((await reviews(li.token)).body.items).toEqual([])
    expect((await suite.app.request('GET', `/api/quality/reviews/${target.id}`, { token: li.token })).status).toBe(404)
    expect((await suite.app.request('POST', `/api/quality/reviews/${target.id}/reply`, { token: li.token, body: { text: '不是我的' } })).status).toBe(404)

    const reply = await suite.app.request('POST', `/api/quality/reviews/${target.id}/reply`, { token: wang.token, body: { text: '收到，下次注意结束语。' } })
    expect(reply.body.reply).toMatchObject({ text: '收到，下次注意结束语。' })
    const second = await suite.app.request('POST', `/api/quality/reviews/${target.id}/reply`, { token: wang.token, body: { text: '再补充一句' } })
    expect(second.status).toBe(409)
  })

  it('agents cannot score reviews, and scores feed the KPI page', async () => {
    const queue = await reviews(inspector.token, '&status=queued')
    expect((await suite.app.request('POST', `/api/quality/reviews/${queue.body.items[0].id}`, { token: wang.token, body: { scores: FULL_MARKS } })).status).toBe(403)
    const kpis = await suite.app.request('GET', '/api/quality/agents?from=2026-11-16&to=2026-11-22', { token: wang.token })
    expect(kpis.body.items[0]).toMatchObject({ agentName: '王芳', review: { count: 1, averagePercent: 75 } })
  })
})
