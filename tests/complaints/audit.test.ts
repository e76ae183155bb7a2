import { describe, expect, it } from 'vitest'
import { loadCase } from '../../core/complaints/audit.ts'
import { complaintAuditModel, complaintModel } from '../../core/complaints/model.ts'
import { decideTransition } from '../../core/complaints/transitions.ts'
import { fixedClock } from '../../platform/clock.ts'
import { useTestApp } from '../helpers/test-app.ts'
import { at, fileCase, flowTokens, STEP_BODIES, transition } from './factories.ts'

describe('the audit trail without transactions', () => {
  const clock = fixedClock(at('2026-11-23 10:00'))

  const suite = useTestApp({ clock })

  it('a change cut off after its audit entry was written is finished by the next reader, not lost or doubled', async () => {
    const agent = await suite.app.staffToken(['agent'])
    const { supervisor } = await flowTokens(suite.app)
    const { number } = await fileCase(suite.app, agent)
    // What a crash between the two writes leaves behind: the entry for version 2, the case still at version 1.
    const doc = (await loadCase(suite.app.deps.db, number))!
    const staff = { id: 'a1', username: 'lin', name: '林主任', roles: ['supervisor' as const], clinicCodes: [] }
    const change = decideTransition(doc, { step: 2, cause: '语气生硬' }, { kind: 'staff', staff }, clock.now())
    await complaintAuditModel(suite.app.deps.db).create({ key: `${number}:v2`, number, version: 2, at: clock.now(), by: change.by, action: 'step', step: 2, after: {}, patch: change.set })
    expect(await complaintModel(suite.app.deps.db).findOne({ number }, { step: 1, version: 1 }).lean()).toMatchObject({ step: 2, version: 1 })

    const shown = await suite.app.request('GET', `/api/complaints/${number}`, { token: supervisor })
    expect(shown.body).toMatchObject({ nextStep: 3, cause: '语气生硬' })
    expect(shown.body.audit.map((a: { version: number }) => a.version)).toEqual([1, 2])
    const next = await transition(suite.app, supervisor, number, STEP_BODIES[3])
    expect(next.status).toBe(200)
    expect(next.body.audit.map((a: { version: number; step: number }) => [a.version, a.step])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ])
  })
})
