import { describe, expect, it } from 'vitest'
import { memberModel } from '../../core/members/model.ts'
import { pointsLedgerModel } from '../../core/points/model.ts'
import { visitModel } from '../../core/visits/model.ts'
import { fixedClock } from '../../platform/clock.ts'
import { useStaffTokens, useTestApp } from '../helpers/test-app.ts'
import { newMember, newPhone } from '../members/factories.ts'

describe('importing visits from the HIS/CRM (POST /api/visits)', () => {
  const clock = fixedClock('2026-11-23T02:00:00Z')
  const suite = useTestApp({ clock })
  const tokens = useStaffTokens(() => suite.app, { supervisor: ['supervisor'] })

  const post = (rows: unknown[], token = tokens.supervisor) => suite.app.request('POST', '/api/visits', { token, body: rows })
  const row = (memberId: string, externalId: string, extra: Record<string, unknown> = {}) => ({
    externalId, memberId, clinicCode: 'BJ01', visitedAt: '2026-11-22T10:00:00+08:00', type: 'non_surgical', amount: 1280.5, ...extra,
  })

  it('each bad row is rejected with its reason while the good rows land', async () => {
    const member = await newMember(suite.app)
    const res = await post([
      row(member.id, 'good-1'),
      row(member.id, 'bad-clinic', { clinicCode: 'XX99' }),
      row(member.id, 'bad-date', { visitedAt: '2026-13-01 10:00' }),
      row(member.id, 'bad-amount', { amount: -5 }),
      row('aaaaaaaaaaaaaaaaaaaaaaaa', 'bad-member'),
      { externalId: 'nobody', clinicCode: 'BJ01', visitedAt: '2026-11-22T10:00:00+08:00', type: 'no_spend', amount: 0 },
      row(member.id, 'bad-type', { type: 'checkup' }),
      row(member.id, 'good-2', { type: 'no_spend', amount: 0 }),
      'not a row',
    ])
    expect(res.status).toBe(200)
    expect(res.body.created).toBe(2)
    expect(res.body.updated).toBe(0)
    expect(res.body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 2, 3, 4, 5, 6, 8])
    const reasons = res.body.rejected.map((r: { error: string }) => r.error)
    expect(reasons[0]).toMatch(/clinicCode: unknown clinic XX99/)
    expect(reasons[1]).toMatch(/visitedAt/)
    expect(reasons[2]).toMatch(/amount: must not be negative/)
    expect(reasons[3]).toMatch(/memberId: unknown member/)
    expect(reasons[4]).toMatch(/neither memberId nor phone/)
    expect(reasons[5]).toMatch(/^type:/)
    expect(await visitModel(suite.app.deps.db).countDocuments({ memberId: member.id })).toBe(2)
  })

  it('importing the same rows again updates them instead of adding, and does not earn points twice', async () => {
    const member = await newMember(suite.app)
    const rows = [row(member.id, 'again-1'), row(member.id, 'again-2', { amount: 99 })]
    expect((await post(rows)).body).toEqual({ created: 2, updated: 0, rejected: [] })
    expect((await post(rows)).body).toEqual({ created: 0, updated: 2, rejected: [] })
    expect(await visitModel(suite.app.deps.db).countDocuments({ memberId: member.id })).toBe(2)
    const points = await suite.app.request('GET', `/api/members/${member.id}/points`, { token: tokens.supervisor })
    expect(points.body.balance).toBe(1280 + 99)
    expect(points.body.total).toBe(2)
  })

  it('the same externalId imported by two requests at once is one visit', async () => {
    const member = await newMember(suite.app)
    const results = await Promise.all(Array.from({ length: 4 }, () => post([row(member.id, 'race-1')])))
    expect(results.reduce((sum, r) => sum + r.body.created, 0)).toBe(1)
    expect(await visitModel(suite.app.deps.db).countDocuments({ externalId: 'race-1' })).toBe(1)
    expect(await pointsLedgerModel(suite.app.deps.db).countDocuments({ memberId: member.id })).toBe(1)
  })

  it('an unknown phone creates one pending member so the visits are not lost', async () => {
    const phone = newPhone()
    const res = await post([
      { externalId: 'p-1', phone, clinicCode: 'SH01', visitedAt: '2026-11-20 15:00', type: 'surgical', amount: 8800 },
      { externalId: 'p-2', phone: Number(phone), clinicCode: 'SH01', visitedAt: '2026-11-21', type: 'no_spend', amount: 0 },
    ])
    expect(res.body).toEqual({ created: 2, updated: 0, rejected: [] })
    const pending = await memberModel(suite.app.deps.db).find({ phone }).lean()
    expect(pending).toHaveLength(1)
    expect(pending[0]).toMatchObject({ status: 'pending', clinicCode: 'SH01', tier: 'D' })
    expect(await visitModel(suite.app.deps.db).countDocuments({ memberId: pending[0]._id })).toBe(2)
  })

  it('a member is matched by phone when the id is absent', async () => {
    const phone = newPhone()
    const member = await newMember(suite.app, { phone })
    await post([{ externalId: 'by-phone', phone, clinicCode: 'BJ01', visitedAt: '2026-11-22T09:00:00+08:00', type: 'surgical', amount: 100 }])
    const visits = await suite.app.request('GET', `/api/members/${member.id}/visits`, { token: tokens.supervisor })
    expect(visits.body.items).toMatchObject([{ externalId: 'by-phone', amount: 100, type: 'surgical' }])
  })

  it('a visit is bucketed by its day in Shanghai, and a time without offset is read as Shanghai time', async () => {
    const member = await newMember(suite.app)
    await post([row(member.id, 'late-utc', { visitedAt: '2026-11-21T17:30:00Z' }), row(member.id, 'local', { visitedAt: '2026-11-21 07:30' })])
    const late = await visitModel(suite.app.deps.db).findOne({ externalId: 'late-utc' }).lean()
    const local = await visitModel(suite.app.deps.db).findOne({ externalId: 'local' }).lean()
    expect(late!.visitDay).toBe('2026-11-22')
    expect(local!.visitedAt.toISOString()).toBe('2026-11-20T23:30:00.000Z')
    expect(local!.visitDay).toBe('2026-11-21')
  })

  it('a visit dated in the future is rejected', async () => {
    const member = await newMember(suite.app)
    const res = await post([row(member.id, 'future', { visitedAt: '2026-12-01T10:00:00+08:00' })])
    expect(res.body.rejected).toEqual([{ index: 0, error: 'visitedAt: in the future' }])
  })

  it('imports are for supervisors and admins only; an empty list is a 400', async () => {
    const member = await newMember(suite.app)
    expect((await post([row(member.id, 'agent-try')], await suite.app.staffToken(['agent']))).status).toBe(403)
    expect((await post([])).status).toBe(400)
  })

  it('visits feed the tier: a big enough import upgrades the member', async () => {
    const member = await newMember(suite.app)
    await post([row(member.id, 'big', { amount: 200_000, type: 'surgical' })])
    expect((await suite.app.request('GET', `/api/members/${member.id}`, { token: tokens.supervisor })).body.tier).toBe('C')
  })
})
