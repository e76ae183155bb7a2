import { describe, expect, it } from 'vitest'
import { findDeadlineAlerts } from '../../core/complaints/alerts.ts'
import { complaintDeadlineAlertsJob } from '../../core/complaints/jobs.ts'
import { fixedClock } from '../../platform/clock.ts'
import { useTestApp } from '../helpers/test-app.ts'
import { at, fileCase, STEP_BODIES, transition } from './factories.ts'

describe('deadline alerts for the hourly job', () => {
  const clock = fixedClock(at('2026-11-23 09:00'))

  const suite = useTestApp({ clock })

  it('an overdue step fires once, not again in the next hours, and names its owners and the directors', async () => {
    clock.set(at('2026-11-23 09:00'))
    const agent = await suite.app.staffToken(['agent'])
    const supervisor = await suite.app.staffToken(['supervisor'], ['BJ01'])
    await suite.app.staffToken(['director'], ['BJ01'])
    await suite.app.staffToken(['supervisor'], ['SH01']) // another clinic's: not told
    const { number } = await fileCase(suite.app, agent)
    await transition(suite.app, supervisor, number, STEP_BODIES[2]) // investigation due Tue 24 Nov 09:00

    const beforeNear = await findDeadlineAlerts(suite.app.deps, at('2026-11-24 04:00'))
    expect(beforeNear.filter((a) => a.number === number)).toEqual([])

    const near = await findDeadlineAlerts(suite.app.deps, at('2026-11-24 06:00'))
    expect(near.filter((a) => a.number === number)).toMatchObject([{ deadline: 'step', step: 3, kind: 'near' }])
    expect(near[0].message).toContain('第3步「调查取证」将于11月24日 09:00到期')
    expect(near[0].recipients.map((r) => r.roles)).toEqual([['supervisor']])

    const overdueRuns = []
    for (const hour of ['10:00', '11:00', '12:00']) overdueRuns.push(await findDeadlineAlerts(suite.app.deps, at(`2026-11-24 ${hour}`)))
    const mine = overdueRuns.map((run) => run.filter((a) => a.number === number))
    expect(mine.map((run) => run.length)).toEqual([1, 0, 0])
    expect(mine[0][0]).toMatchObject({ kind: 'overdue', step: 3 })
    expect(mine[0][0].message).toContain('【投诉逾期】')
    expect(mine[0][0].recipients.map((r) => r.roles).sort()).toEqual([['director'], ['supervisor']])
  })

  it('the job answers what it fired; the console lists stored alerts for the staff member’s clinics', async () => {
    clock.set(at('2026-11-27 09:00'))
    const agent = await suite.app.staffToken(['agent'])
    const { number } = await fileCase(suite.app, agent, { clinicCode: 'SH01' }) // first contact due Wed 2 Dec
    const result = await complaintDeadlineAlertsJob.run(suite.app.deps, { now: at('2026-12-03 09:00') })
    expect(result).toMatchObject({ fired: expect.any(Number) })
    expect(complaintDeadlineAlertsJob).toMatchObject({ name: 'complaints.deadline-alerts', cron: '0 * * * *' })
    expect(await complaintDeadlineAlertsJob.run(suite.app.deps, { now: at('2026-12-03 10:00') })).toEqual({ fired: 0, near: 0, overdue: 0 })

    const shanghai = await suite.app.staffToken(['supervisor'], ['SH01'])
    const listed = await suite.app.request('GET', '/api/complaints/alerts', { token: shanghai })
    expect(listed.status).toBe(200)
    expect(listed.body.items.map((a: { number: string }) => a.number)).toContain(number)
    expect(listed.body.items.every((a: { clinicCode: string }) => a.clinicCode === 'SH01')).toBe(true)
    const firstContact = listed.body.items.find((a: { number: string }) => a.number === number)
    expect(firstContact).toMatchObject({ deadline: 'first_contact', kind: 'overdue' })
    expect((await suite.app.request('GET', '/api/complaints/alerts', { token: agent })).status).toBe(403)
  })
})
