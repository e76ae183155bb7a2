import { describe, expect, it } from 'vitest'
import { findDeadlineAlerts } from '../../core/complaints/alerts.ts'
import { fixedClock } from '../../platform/clock.ts'
import { useTestApp } from '../helpers/test-app.ts'
import { at, fileCase } from './factories.ts'

describe('giving a complaint case to a colleague', () => {
  const clock = fixedClock(at('2026-11-23 09:00'))
  const suite = useTestApp({ clock })

  const me = async (token: string) => (await suite.app.request('GET', '/api/auth/me', { token })).body as { id: string; name: string }

  it('a supervisor assigns a case to an agent of its clinic: it is theirs under “mine”, in the audit trail, and its deadline alerts reach them', async () => {
    const supervisor = await suite.app.staffToken(['supervisor'], ['BJ01'])
    const agent = await suite.app.staffToken(['agent'], ['BJ01'])
    const otherAgent = await suite.app.staffToken(['agent'], ['BJ01'])
    const { number } = await fileCase(suite.app, agent, { clinicCode: 'BJ01' })
    const { id } = await me(agent)

    const assigned = await suite.app.request('POST', `/api/complaints/${number}/assign`, { token: supervisor, body: { staffId: id } })
    expect(assigned.status).toBe(200)
    expect(assigned.body.assignee).toEqual({ id, name: '测试员工' })
    const mine = await suite.app.request('GET', '/api/complaints?mine=true', { token: agent })
    expect(mine.body.items.map((c: { number: string }) => c.number)).toEqual([number])
    expect((await suite.app.request('GET', '/api/complaints?mine=true', { token: otherAgent })).body.items).toEqual([])
    const detail = await suite.app.request('GET', `/api/complaints/${number}`, { token: supervisor })
    expect(detail.body.audit.map((a: { action: string }) => a.action)).toContain('assign')

    await findDeadlineAlerts(suite.app.deps, at('2026-12-10 10:00')) // first contact long overdue
    const bell = await suite.app.request('GET', '/api/notifications', { token: agent })
    expect(bell.body.items.filter((n: { link: string }) => n.link === `/complaints/${number}`).length).toBeGreaterThan(0)
    expect((await suite.app.request('GET', '/api/notifications', { token: otherAgent })).body.items).toEqual([])
  })

  it('only to someone who works that clinic’s cases, only by a supervisor', async () => {
    const supervisor = await suite.app.staffToken(['supervisor'], ['BJ01'])
    const agent = await suite.app.staffToken(['agent'], ['BJ01'])
    const chengdu = await suite.app.staffToken(['agent'], ['CD01'])
    const marketing = await suite.app.staffToken(['marketing'])
    const { number } = await fileCase(suite.app, agent, { clinicCode: 'BJ01' })
    for (const token of [chengdu, marketing]) {
      const res = await suite.app.request('POST', `/api/complaints/${number}/assign`, { token: supervisor, body: { staffId: (await me(token)).id } })
      expect(res.status).toBe(422)
      expect(res.body.error.code).toBe('not_a_case_worker')
    }
    expect((await suite.app.request('POST', `/api/complaints/${number}/assign`, { token: supervisor, body: { staffId: '000000000000000000000000' } })).status).toBe(404)
    expect((await suite.app.request('POST', `/api/complaints/${number}/assign`, { token: agent, body: { staffId: (await me(agent)).id } })).status).toBe(403)
    const back = await suite.app.request('POST', `/api/complaints/${number}/assign`, { token: supervisor, body: { staffId: null } })
    expect(back.body.assignee).toBeNull()
  })
})
