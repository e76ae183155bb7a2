import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { staffActor } from '../../core/complaints/access.ts'
import { fileComplaint } from '../../core/complaints/service.ts'
import { advance, at, endOfDay, fileCase, transition, STEP_BODIES, useFlowApp } from './factories.ts'

describe('complaint deadlines on the Chinese working-day calendar', () => {
  const flow = useFlowApp('2026-09-30 10:00')

  it('first contact across National Day 2026: received Wed 30 Sep, due on the adjusted workday Sat 10 Oct', async () => {
    await flow.setTime('2026-09-30 10:00') // 1–7 Oct off; Thu 8, Fri 9 and the 调休 Saturday 10 Oct are the three working days
    const filed = await fileCase(flow.app, flow.agent)
    expect(filed.firstContactDueAt).toBe(endOfDay('2026-10-10'))
    expect(filed.deadlinesProvisional).toBe(false)
    expect(filed.calendarWarning).toBeNull()
  })

  it('first contact across the 2026 Spring Festival: received Fri 13 Feb, the adjusted Saturday 14 Feb counts, due Wed 25 Feb', async () => {
    await flow.setTime('2026-02-13 10:00') // 15–23 Feb off
    expect((await fileCase(flow.app, flow.agent)).firstContactDueAt).toBe(endOfDay('2026-02-25'))
  })

  it('closing is due 7 calendar days after acceptance for a local clinic and 14 for a remote one, holidays included', async () => {
    await flow.setTime('2026-09-30 09:00')
    const local = await fileCase(flow.app, flow.agent, { clinicCode: 'BJ01' })
    const remote = await fileCase(flow.app, flow.agent, { clinicCode: 'SH01' })
    flow.clock.set(at('2026-09-30 14:00'))
    const acceptedLocal = await transition(flow.app, flow.tokens.supervisor, local.number, STEP_BODIES[2])
    const acceptedRemote = await transition(flow.app, flow.tokens.supervisor, remote.number, STEP_BODIES[2])
    expect(acceptedLocal.body.closeDueAt).toBe(endOfDay('2026-10-07'))
    expect(acceptedRemote.body.closeDueAt).toBe(endOfDay('2026-10-14'))
  })

  it('closing over the Spring Festival is counted in calendar days too: accepted 13 Feb, due 20 Feb (local)', async () => {
    await flow.setTime('2026-02-13 11:00')
    const { number } = await fileCase(flow.app, flow.agent)
    expect((await transition(flow.app, flow.tokens.supervisor, number, STEP_BODIES[2])).body.closeDueAt).toBe(endOfDay('2026-02-20'))
  })

  it('each step’s own limit runs from entering it: investigation 24 h, plan 24 h, processing 48 h, prevention a week', async () => {
    await flow.setTime('2026-11-23 09:00')
    const { number } = await fileCase(flow.app, flow.agent)
    flow.clock.set(at('2026-11-23 09:30'))
    const accepted = await transition(flow.app, flow.tokens.supervisor, number, STEP_BODIES[2])
    expect(accepted.body).toMatchObject({ nextStep: 3, stepDueAt: at('2026-11-24 09:30').toISOString() })
    flow.clock.set(at('2026-11-23 15:00'))
    const investigated = await transition(flow.app, flow.tokens.supervisor, number, STEP_BODIES[3])
    expect(investigated.body.stepDueAt).toBeNull() // step 4 has no limit
    flow.clock.set(at('2026-11-23 16:00'))
    expect((await transition(flow.app, flow.tokens.supervisor, number, STEP_BODIES[4])).body.stepDueAt).toBe(at('2026-11-24 16:00').toISOString())
    const negotiated = await advance(flow.app, flow.tokens, number, 7)
    expect(negotiated).toMatchObject({ nextStep: 8, stepDueAt: at('2026-11-25 16:00').toISOString() })
    const closed = await advance(flow.app, flow.tokens, number, 10)
    expect(closed.nextStep).toBe(11)
    expect(closed.stepDueAt).toBe(endOfDay('2026-11-30'))
  })

  it('a deadline in 2027, whose holidays are not published, is provisional: the case is flagged and the admins warned', async () => {
    await flow.setTime('2026-12-30 10:00')
    const lines: string[] = []
    const log = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) })
    const supervisor = { id: 'x', username: 'x', name: '测试', roles: ['supervisor' as const], clinicCodes: [] }
    const filed = await fileComplaint({ ...flow.app.deps, log }, { clinicCode: 'BJ01', channel: 'phone', customerName: '王先生', description: '等了很久' }, staffActor(supervisor))
    // Thu 31 Dec, then Mon 4 and Tue 5 Jan 2027 on the provisional calendar (元旦 off, no 调休 known).
    expect(filed.firstContactDueAt).toBe(endOfDay('2027-01-05'))
    expect(filed.deadlinesProvisional).toBe(true)
    const warning = JSON.parse(lines[0])
    expect(warning).toMatchObject({ level: 40, number: filed.number, deadline: 'first_contact' })
    expect(warning.msg).toContain('provisional calendar')

    const shown = await flow.app.request('GET', `/api/complaints/${filed.number}`, { token: flow.tokens.supervisor })
    expect(shown.body.deadlinesProvisional).toBe(true)
    expect(shown.body.calendarWarning).toContain('2027年的节假日安排尚未公布')
  })

  it('a bank-card refund arriving in 2027 flags the case too', async () => {
    await flow.setTime('2026-12-21 09:00')
    const { number } = await fileCase(flow.app, flow.agent)
    expect((await flow.app.request('GET', `/api/complaints/${number}`, { token: flow.tokens.supervisor })).body.deadlinesProvisional).toBe(false)
    const processed = await advance(flow.app, flow.tokens, number, 8)
    expect(processed.deadlinesProvisional).toBe(true)
    expect(processed.calendarWarning).toContain('银行卡到账日期')
  })
})
