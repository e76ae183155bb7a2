import { beforeAll, describe, expect, it } from 'vitest'
import { advance, at, fileCase, STEP_BODIES, transition, useFlowApp } from './factories.ts'

describe('the 11-step complaint flow', () => {
  const flow = useFlowApp('2026-11-23 10:00')

  it('runs through all 11 steps by their owners, closing at step 9, with an audit entry per change', async () => {
    await flow.setTime('2026-11-23 10:00') // Monday
    const filed = await fileCase(flow.app, flow.agent)
    expect(filed).toMatchObject({ status: 'open', step: 2, nextStep: 2, channel: 'phone', category: 'service_attitude' })

    const walk: Array<[number, number, string]> = [] // [step done, next step, status]
    for (let step = 2; step <= 11; step++) {
      flow.clock.advance(60 * 60 * 1000)
      const token = step === 6 || step === 10 ? flow.tokens.director : flow.tokens.supervisor
      const res = await transition(flow.app, token, filed.number, STEP_BODIES[step])
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      walk.push([step, res.body.nextStep, res.body.status])
    }
    expect(walk).toEqual([
      [2, 3, 'open'],
      [3, 4, 'open'],
      [4, 5, 'open'],
      [5, 6, 'open'],
      [6, 7, 'open'],
      [7, 8, 'open'],
      [8, 9, 'open'],
      [9, 10, 'closed'],
      [10, 11, 'closed'],
      [11, null, 'closed'],
    ])

    const done = (await flow.app.request('GET', `/api/complaints/${filed.number}`, { token: flow.tokens.supervisor })).body
    expect(done.flowComplete).toBe(true)
    expect(done.steps.map((s: { step: number }) => s.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    expect(done.audit.map((a: { action: string; step: number; by: { role: string } }) => [a.step, a.by.role])).toEqual([
      [1, 'agent'],
      [2, 'supervisor'],
      [3, 'supervisor'],
      [4, 'supervisor'],
      [5, 'supervisor'],
      [6, 'director'],
      [7, 'supervisor'],
      [8, 'supervisor'],
      [9, 'supervisor'],
      [10, 'director'],
      [11, 'supervisor'],
    ])
    expect(done.audit[8]).toMatchObject({ version: 9, before: { status: 'open', step: 9 }, after: { status: 'closed', step: 10 } })
    // Accepted Monday 11:00 → closed within 7 days (BJ01 is local): by the end of Monday 30 November.
    expect(done.closeDueAt).toBe(new Date('2026-11-30T23:59:59.999+08:00').toISOString())
    expect(done).toMatchObject({ closedOnTime: true, severity: 'II', severityProposed: 'II', fines: { responsibleYuan: 200, supervisorYuan: 400 }, refundTotal: 500 })
    expect(done.penalty.fines).toEqual({ responsibleYuan: 200, supervisorYuan: 400 })
    // Negotiating with the patient counts as the first contact when none was recorded before it.
    expect(done.firstContactAt).toBe(done.steps[6].at)
    // Bank card: processed Monday 23 Nov 18:00 → about 7 working days → Wednesday 2 December.
    expect(done.refund).toMatchObject({ kind: 'refund', amount: 500, method: 'bank_card', expectedArrivalAt: new Date('2026-12-02T23:59:59.999+08:00').toISOString() })
  })

  it('a plan without money skips step 8: step 9 follows step 7, and step 8 is refused naming the skip', async () => {
    await flow.setTime('2026-11-24 10:00')
    const { number } = await fileCase(flow.app, flow.agent)
    const noMoney = { 4: { severity: 'I', estimatedAmount: 0 }, 5: { plan: '当面致歉并解释排班安排。', remedy: 'none', amount: undefined } }
    const afterNegotiation = await advance(flow.app, flow.tokens, number, 7, noMoney)
    expect(afterNegotiation.nextStep).toBe(9)
    expect(afterNegotiation.steps.at(-1)).toMatchObject({ step: 8, skipped: true })

    const refused = await transition(flow.app, flow.tokens.supervisor, number, STEP_BODIES[8])
    expect(refused.status).toBe(422)
    expect(refused.body.error.code).toBe('step_out_of_order')
    expect(refused.body.error.message).toContain('step 8 was skipped')
    expect((await transition(flow.app, flow.tokens.supervisor, number, STEP_BODIES[9])).status).toBe(200)
  })

  describe('illegal transitions are refused', () => {
    let number: string
    beforeAll(async () => {
      await flow.setTime('2026-11-25 10:00')
      number = (await fileCase(flow.app, flow.agent)).number
      await advance(flow.app, flow.tokens, number, 3)
    })

    it('a step out of order is 422 step_out_of_order, naming the next step', async () => {
      const res = await transition(flow.app, flow.tokens.supervisor, number, STEP_BODIES[5])
      expect(res.status).toBe(422)
      expect(res.body.error).toMatchObject({ code: 'step_out_of_order', details: { expectedStep: 4 } })
      expect(res.body.error.message).toContain('the next step is 4')
      expect((await transition(flow.app, flow.tokens.supervisor, number, STEP_BODIES[3])).status).toBe(422) // done already
      expect((await transition(flow.app, flow.tokens.supervisor, number, { step: 1, note: 'again' })).status).toBe(422)
    })

    it('a role that does not own the step is 403: director investigating, supervisor approving, agent, admin', async () => {
      const director = await transition(flow.app, flow.tokens.director, number, STEP_BODIES[4])
      expect(director.status).toBe(403)
      expect(director.body.error.code).toBe('forbidden')
      expect((await transition(flow.app, flow.tokens.supervisor, number, STEP_BODIES[6])).status).toBe(403)
      expect((await transition(flow.app, flow.agent, number, STEP_BODIES[4])).status).toBe(403)
      expect((await transition(flow.app, await flow.app.login(), number, STEP_BODIES[4])).status).toBe(403)
    })

    it('a supervisor of another clinic is 403, for reading and for transitions alike', async () => {
      const shanghai = await flow.app.staffToken(['supervisor'], ['SH01'])
      expect((await transition(flow.app, shanghai, number, STEP_BODIES[4])).status).toBe(403)
      expect((await flow.app.request('GET', `/api/complaints/${number}`, { token: shanghai })).status).toBe(403)
      expect((await flow.app.request('GET', '/api/complaints/BJ0199999999', { token: shanghai })).status).toBe(403)
    })

    it('missing fields are 422 missing_fields, naming each', async () => {
      const res = await transition(flow.app, flow.tokens.supervisor, number, { step: 4, note: '先记一下' })
      expect(res.status).toBe(422)
      expect(res.body.error.code).toBe('missing_fields')
      expect(res.body.error.details).toEqual({ fields: ['severity', 'liability'] })
      expect(res.body.error.message).toContain('severity, liability')
    })

    it('a malformed field is 400, an unknown case 404', async () => {
      expect((await transition(flow.app, flow.tokens.supervisor, number, { step: 4, severity: 'VI', liability: 'service' })).status).toBe(400)
      expect((await transition(flow.app, flow.tokens.supervisor, 'BJ0199999999', STEP_BODIES[4])).status).toBe(404)
    })

    it('a closed case refuses steps up to 9 with 409, while the internal steps 10 and 11 go on', async () => {
      await advance(flow.app, flow.tokens, number, 9)
      const res = await transition(flow.app, flow.tokens.supervisor, number, STEP_BODIES[7])
      expect(res.status).toBe(409)
      expect(res.body.error.code).toBe('case_closed')
      expect((await transition(flow.app, flow.tokens.supervisor, number, STEP_BODIES[9])).status).toBe(409)
      expect((await transition(flow.app, flow.tokens.director, number, STEP_BODIES[10])).status).toBe(200)
      expect((await transition(flow.app, flow.tokens.supervisor, number, STEP_BODIES[11])).status).toBe(200)
      expect((await transition(flow.app, flow.tokens.director, number, STEP_BODIES[10])).body.error.code).toBe('case_complete')
    })
  })

  it('the same step sent twice at once is done once: one 200, one 422', async () => {
    await flow.setTime('2026-11-26 10:00')
    const { number } = await fileCase(flow.app, flow.agent)
    const [a, b] = await Promise.all([transition(flow.app, flow.tokens.supervisor, number, STEP_BODIES[2]), transition(flow.app, flow.tokens.supervisor, number, STEP_BODIES[2])])
    expect([a.status, b.status].sort()).toEqual([200, 422])
    const view = (await flow.app.request('GET', `/api/complaints/${number}`, { token: flow.tokens.supervisor })).body
    expect(view.audit.map((e: { version: number }) => e.version)).toEqual([1, 2])
    expect(view.steps.filter((s: { step: number }) => s.step === 2)).toHaveLength(1)
  })

  it('the medical director classifies medical-outcome cases, not service ones', async () => {
    await flow.setTime('2026-11-27 10:00')
    const medical = await flow.app.staffToken(['medical'])
    const eye = await fileCase(flow.app, flow.agent, { description: '做完近视手术后视力一直没有恢复，眼睛还疼。' })
    expect(eye.category).toBe('medical_outcome')
    await advance(flow.app, flow.tokens, eye.number, 3)
    const classified = await transition(flow.app, medical, eye.number, { step: 4, severity: 'III', liability: 'medical', estimatedAmount: 30_000 })
    expect(classified.status).toBe(200)
    expect(classified.body.audit.at(-1).by.role).toBe('medical')
    expect(classified.body).toMatchObject({ severity: 'III', severityProposed: 'III', liability: 'medical' })

    const rude = await fileCase(flow.app, flow.agent)
    await advance(flow.app, flow.tokens, rude.number, 3)
    expect((await transition(flow.app, medical, rude.number, STEP_BODIES[4])).status).toBe(403)
  })

  it('a refused plan and a failed negotiation both go back to step 5; refusing needs a reason', async () => {
    await flow.setTime('2026-11-30 10:00')
    const { number } = await fileCase(flow.app, flow.agent)
    await advance(flow.app, flow.tokens, number, 5)
    const noReason = await transition(flow.app, flow.tokens.director, number, { step: 6, approved: false })
    expect(noReason.status).toBe(422)
    expect(noReason.body.error.details).toEqual({ fields: ['note'] })
    const refused = await transition(flow.app, flow.tokens.director, number, { step: 6, approved: false, note: '退费金额偏高，先致歉。' })
    expect(refused.body.nextStep).toBe(5)
    await advance(flow.app, flow.tokens, number, 6)
    const failed = await transition(flow.app, flow.tokens.supervisor, number, { step: 7, agreed: false, outcome: '患者要求赔偿 2000 元。' })
    expect(failed.body.nextStep).toBe(5)
    const tooMuch = await advance(flow.app, flow.tokens, number, 6).then(() => transition(flow.app, flow.tokens.supervisor, number, { step: 7, agreed: true, outcome: '同意', amount: 2000 }))
    expect(tooMuch.status).toBe(422)
    expect(tooMuch.body.error.code).toBe('amount_exceeds_plan')
  })

  it('first contact is recorded once, on time within 3 working days or late after', async () => {
    await flow.setTime('2026-12-01 10:00') // Tuesday: due by the end of Friday 4 December
    const onTime = await fileCase(flow.app, flow.agent)
    const late = await fileCase(flow.app, flow.agent)
    expect(onTime.firstContactDueAt).toBe(new Date('2026-12-04T23:59:59.999+08:00').toISOString())
    flow.clock.set(at('2026-12-04 20:00'))
    const sup = await flow.app.staffToken(['supervisor'])
    const first = await flow.app.request('POST', `/api/complaints/${onTime.number}/first-contact`, { token: sup, body: { note: '电话联系，患者情绪平稳。' } })
    expect(first.body).toMatchObject({ firstContactOnTime: true, overdue: false })
    expect((await flow.app.request('POST', `/api/complaints/${onTime.number}/first-contact`, { token: sup, body: {} })).status).toBe(409)
    flow.clock.set(at('2026-12-07 09:00'))
    const sup2 = await flow.app.staffToken(['supervisor'])
    const second = await flow.app.request('POST', `/api/complaints/${late.number}/first-contact`, { token: sup2, body: {} })
    expect(second.body.firstContactOnTime).toBe(false)
  })

  it('a patient unsatisfied at the return visit reopens the case at step 7; re-closing does not repeat steps 10 and 11', async () => {
    await flow.setTime('2026-12-08 10:00')
    const { number } = await fileCase(flow.app, flow.agent)
    await advance(flow.app, flow.tokens, number, 11)

    const notYet = await flow.app.request('GET', '/api/complaints/return-visits', { token: flow.agent })
    expect(notYet.body.items.map((i: { number: string }) => i.number)).not.toContain(number)
    await flow.setTime('2026-12-09 20:00')
    const due = await flow.app.request('GET', '/api/complaints/return-visits', { token: flow.agent })
    expect(due.body.items.map((i: { number: string }) => i.number)).toContain(number)

    const res = await flow.app.request('POST', `/api/complaints/${number}/return-visit`, { token: flow.agent, body: { satisfied: false, note: '退款还没到账。' } })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'reopened', step: 7, nextStep: 7, flowComplete: false, returnVisitPending: false })
    expect(res.body.audit.at(-1)).toMatchObject({ action: 'return_visit', after: { status: 'reopened', step: 7 }, note: '退款还没到账。' })
    expect((await flow.app.request('POST', `/api/complaints/${number}/return-visit`, { token: flow.agent, body: { satisfied: true } })).status).toBe(409)

    await advance(flow.app, flow.tokens, number, 9, { 7: { amount: 0 } })
    const reclosed = (await flow.app.request('GET', `/api/complaints/${number}`, { token: flow.tokens.supervisor })).body
    expect(reclosed).toMatchObject({ status: 'closed', flowComplete: true, nextStep: null, returnVisitPending: true })
  })
})
