import { describe, expect, it } from 'vitest'
import { complaintCounterModel } from '../../core/complaints/model.ts'
import { fixedClock } from '../../platform/clock.ts'
import { startTestApp, useTestApp, type TestApp } from '../helpers/test-app.ts'
import { at, complaintBody, fileCase } from './factories.ts'

describe('complaint case numbers: clinic code + YYYY + MM + sequence', () => {
  const clock = fixedClock(at('2026-10-31 23:59'))
  const dbName = `t_numbers_${Date.now().toString(36)}`
  let agent: string

  const suite = useTestApp({ clock, dbName })
  /** Moves the clock and logs in again (tokens last 12 hours). */
  const setTime = async (local: string) => {
    clock.set(at(local))
    agent = await suite.app.staffToken(['agent'])
  }

  it('31 Oct 23:59 and 1 Nov 00:00 (Asia/Shanghai) fall in different months, and November starts again at 01', async () => {
    await setTime('2026-10-31 23:59')
    expect((await fileCase(suite.app, agent)).number).toBe('BJ0120261001')
    await setTime('2026-11-01 00:00')
    expect((await fileCase(suite.app, agent)).number).toBe('BJ0120261101')
    expect((await fileCase(suite.app, agent, { clinicCode: 'SH01' })).number).toBe('SH0120261101')
  })

  it('50 concurrent filings get 01 to 50: no number twice, none skipped', async () => {
    await setTime('2026-12-03 10:00')
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => suite.app.request('POST', '/api/complaints', { token: agent, body: complaintBody({ clinicCode: 'BJ02', customerName: `顾客${i}` }) })),
    )
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201))
    const numbers = responses.map((r) => r.body.number as string).sort()
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => `BJ02202612${String(i + 1).padStart(2, '0')}`))
  })

  it('two instances filing 25 each at the same moment still share out 01 to 50', async () => {
    await setTime('2026-12-04 10:00')
    const second = await startTestApp({ clock, dbName })
    try {
      const secondAgent = await second.staffToken(['agent'])
      const file = (target: TestApp, token: string, i: number) =>
        target.request('POST', '/api/complaints', { token, body: complaintBody({ clinicCode: 'CD01', customerName: `顾客${i}` }) })
      const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? file(suite.app, agent, i) : file(second, secondAgent, i))))
      expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201))
      const numbers = responses.map((r) => r.body.number as string).sort()
      expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => `CD01202612${String(i + 1).padStart(2, '0')}`))
    } finally {
      await second.stop()
    }
  })

  it('after 99 the sequence carries on with three digits', async () => {
    await setTime('2027-01-05 10:00')
    await complaintCounterModel(suite.app.deps.db).create({ _id: 'CD01-2027-01', seq: 98 })
    expect((await fileCase(suite.app, agent, { clinicCode: 'CD01' })).number).toBe('CD0120270199')
    expect((await fileCase(suite.app, agent, { clinicCode: 'CD01' })).number).toBe('CD01202701100')
  })

  it('a number already taken (a counter update lost by a concurrent instance) is skipped, never given twice', async () => {
    await setTime('2027-02-10 10:00')
    for (let i = 0; i < 3; i++) await fileCase(suite.app, agent, { clinicCode: 'SH01' })
    await complaintCounterModel(suite.app.deps.db).updateOne({ _id: 'SH01-2027-02' }, { $set: { seq: 1 } })
    expect((await fileCase(suite.app, agent, { clinicCode: 'SH01' })).number).toBe('SH0120270204')
  })

  it('a restart continues the month’s sequence instead of starting over', async () => {
    await setTime('2027-03-01 09:00')
    expect((await fileCase(suite.app, agent)).number).toBe('BJ0120270301')
    await suite.app.stop()
    suite.app = await startTestApp({ clock, dbName })
    agent = await suite.app.staffToken(['agent'])
    expect((await fileCase(suite.app, agent)).number).toBe('BJ0120270302')
  })

  it('an unknown clinic is refused with 422 and uses no number', async () => {
    const res = await suite.app.request('POST', '/api/complaints', { token: agent, body: complaintBody({ clinicCode: 'XX99' }) })
    expect(res.status).toBe(422)
    expect(res.body.error.code).toBe('unknown_clinic')
    expect(await complaintCounterModel(suite.app.deps.db).exists({ _id: 'XX99-2027-03' })).toBeNull()
  })
})
