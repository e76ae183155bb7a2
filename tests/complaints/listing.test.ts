import { beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '../../platform/clock.ts'
import { useTestApp } from '../helpers/test-app.ts'
import { advance, at, complaintBody, fileCase, flowTokens, type FlowTokens } from './factories.ts'

describe('reading complaint cases: lists, filters, privacy and clinics', () => {
  const clock = fixedClock(at('2026-11-23 10:00'))
  let agent: string
  let tokens: FlowTokens
  const numbers: Record<string, string> = {}

  const suite = useTestApp({ clock })
  beforeAll(async () => {
    agent = await suite.app.staffToken(['agent'])
    tokens = await flowTokens(suite.app)
    numbers.old = (await fileCase(suite.app, agent, { memberId: 'm-old' })).number // first contact due Thu 26 Nov
    numbers.closed = (await fileCase(suite.app, agent, { memberId: 'm-closed' })).number
    await advance(suite.app, tokens, numbers.closed, 9)
    clock.set(at('2026-11-27 10:00')) // the first case is now overdue for first contact
    agent = await suite.app.staffToken(['agent'])
    tokens = await flowTokens(suite.app)
    numbers.fresh = (await fileCase(suite.app, agent, { memberId: 'm-fresh' })).number
    clock.advance(60_000)
    numbers.shanghai = (await fileCase(suite.app, agent, { clinicCode: 'SH01', memberId: 'm-sh' })).number
  })

  const list = async (query: string, token = tokens.supervisor) => {
    const res = await suite.app.request('GET', `/api/complaints${query}`, { token })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    return res.body.items.map((i: { number: string }) => i.number)
  }

  it('lists items with the contract’s fields, newest first', async () => {
    const res = await suite.app.request('GET', '/api/complaints', { token: tokens.supervisor })
    expect(res.body.total).toBe(4)
    expect(res.body.items[0]).toEqual({
      number: numbers.shanghai,
      memberId: 'm-sh',
      clinicCode: 'SH01',
      channel: 'phone',
      status: 'open',
      step: 2,
      severity: null,
      receivedAt: at('2026-11-27 10:01').toISOString(),
      firstContactDueAt: expect.any(String),
      firstContactAt: null,
      closeDueAt: null,
      stepDueAt: null, // step 2 (接受投诉) is timed by the first-contact deadline
      overdue: false,
      category: 'service_attitude',
      customerName: '张女士',
      assignee: null,
    })
  })

  it('filters by member, status, clinic, step and overdue (any current deadline passed, internal steps included)', async () => {
    expect(await list('?memberId=m-fresh')).toEqual([numbers.fresh])
    expect(await list('?status=closed')).toEqual([numbers.closed])
    expect(await list('?clinicCode=SH01')).toEqual([numbers.shanghai])
    expect(await list('?step=10')).toEqual([numbers.closed])
    expect(await list('?severity=II')).toEqual([numbers.closed]) // classified at step 4
    expect(await list('?severity=I')).toEqual([])
    expect((await suite.app.request('GET', '/api/complaints?severity=VI', { token: tokens.supervisor })).status).toBe(400)
    // Overdue: the first case's first contact (due Thu 26 Nov), and the closed case's internal handling (step 10, 48 h).
    expect((await list('?overdue=true')).sort()).toEqual([numbers.old, numbers.closed].sort())
    expect((await list('?overdue=false')).sort()).toEqual([numbers.fresh, numbers.shanghai].sort())
    expect(await list('?limit=1&offset=1')).toHaveLength(1)
  })

  it('staff limited to a clinic see only its cases', async () => {
    const shanghaiAgent = await suite.app.staffToken(['agent'], ['SH01'])
    expect(await list('', shanghaiAgent)).toEqual([numbers.shanghai])
    expect((await suite.app.request('GET', '/api/complaints?clinicCode=BJ01', { token: shanghaiAgent })).status).toBe(403)
    expect((await suite.app.request('POST', '/api/complaints', { token: shanghaiAgent, body: complaintBody({ clinicCode: 'BJ01' }) })).status).toBe(403)
  })

  it('the phone number is whole for supervisors and directors, masked for agents and the medical director', async () => {
    const phoneFor = async (token: string) => (await suite.app.request('GET', `/api/complaints/${numbers.fresh}`, { token })).body.phone
    expect(await phoneFor(tokens.supervisor)).toBe('13812345678')
    expect(await phoneFor(tokens.director)).toBe('13812345678')
    expect(await phoneFor(agent)).toBe('138****5678')
    expect(await phoneFor(await suite.app.staffToken(['medical']))).toBe('138****5678')
  })

  it('admins manage accounts, not cases: no complaint access', async () => {
    const admin = await suite.app.login()
    expect((await suite.app.request('GET', '/api/complaints', { token: admin })).status).toBe(403)
    expect((await suite.app.request('GET', `/api/complaints/${numbers.fresh}`, { token: admin })).status).toBe(403)
    expect((await suite.app.request('POST', '/api/complaints', { token: admin, body: complaintBody() })).status).toBe(403)
  })

  it('staff record only phone and face-to-face complaints; an unknown case is 404', async () => {
    const chat = await suite.app.request('POST', '/api/complaints', { token: agent, body: complaintBody({ channel: 'chat' }) })
    expect(chat.status).toBe(400)
    expect((await suite.app.request('GET', '/api/complaints/BJ0120261199', { token: agent })).status).toBe(404)
  })

  it('the OpenAPI document lists the complaint routes', async () => {
    const doc = (await suite.app.request('GET', '/api/openapi.json')).body
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/complaints', '/api/complaints/{number}', '/api/complaints/{number}/transitions', '/api/complaints/stats', '/api/complaints/alerts']),
    )
    expect(doc.paths['/api/complaints/{number}/transitions'].post.responses).toHaveProperty('422')
  })
})
