import { Types } from 'mongoose'
import { beforeAll, describe, expect, it } from 'vitest'
import { pointsLedgerModel } from '../../core/points/model.ts'
import { pointsReply } from '../../core/points/copy.ts'
import { adjustPoints, earnPointsForVisit, keyLegacyLedgerRows, memberBalance, pointsSummary, spendPoints } from '../../core/points/service.ts'
import { fixedClock } from '../../platform/clock.ts'
import { useTestApp } from '../helpers/test-app.ts'
import { newMember } from '../members/factories.ts'

describe('the points ledger', () => {
  const clock = fixedClock('2026-11-23T02:00:00Z')
  let supervisorId: string
  const suite = useTestApp({ clock })
  beforeAll(async () => {
    supervisorId = (await suite.app.request('GET', '/api/auth/me', { token: await suite.app.login() })).body.id
  })

  const ledgerSum = async (memberId: string) =>
    (await pointsLedgerModel(suite.app.deps.db).find({ memberId }).lean()).reduce((sum, row) => sum + row.deltaPoints, 0)

  it('after 20 earns and spends at once, the balance equals the ledger sum and never went below zero', async () => {
    const member = await newMember(suite.app)
    await adjustPoints(suite.app.deps, member.id, { delta: 200, reason: '开卡赠送', staffId: supervisorId })
    const operations = Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0
        ? earnPointsForVisit(suite.app.deps, { _id: new Types.ObjectId(), memberId: new Types.ObjectId(member.id), amountFen: 100_00 })
        : spendPoints(suite.app.deps, member.id, { points: 50, reason: '测试消耗' }),
    )
    const results = await Promise.allSettled(operations)
    const failures = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)
    expect(failures.every((code) => code === 'insufficient_points')).toBe(true)
    const spent = results.filter((r, i) => i % 2 === 1 && r.status === 'fulfilled').length
    const summary = await pointsSummary(suite.app.deps, member.id)
    expect(summary.balance).toBe(200 + 10 * 100 - 50 * spent)
    expect(await ledgerSum(member.id)).toBe(summary.balance)
    const rows = await pointsLedgerModel(suite.app.deps.db).find({ memberId: member.id }).sort({ seq: 1 }).lean()
    expect(rows.map((row) => row.seq)).toEqual(rows.map((_, i) => i + 1))
    expect(rows.every((row) => row.balanceAfter >= 0)).toBe(true)
  })

  it('a visit earns its points once, however often or concurrently it is credited', async () => {
    const member = await newMember(suite.app)
    const visit = { _id: new Types.ObjectId(), memberId: new Types.ObjectId(member.id), amountFen: 688_50 }
    const results = await Promise.all(Array.from({ length: 5 }, () => earnPointsForVisit(suite.app.deps, visit)))
    expect(results.filter((r) => r?.applied)).toHaveLength(1)
    expect((await pointsSummary(suite.app.deps, member.id)).balance).toBe(688) // 1 point per whole yuan
  })

  it('spending more than the balance is refused with 422 and leaves no ledger row', async () => {
    const member = await newMember(suite.app)
    await adjustPoints(suite.app.deps, member.id, { delta: 30, reason: '补录', staffId: supervisorId })
    await expect(spendPoints(suite.app.deps, member.id, { points: 31, reason: '测试' })).rejects.toMatchObject({ status: 422, code: 'insufficient_points' })
    expect(await pointsLedgerModel(suite.app.deps.db).countDocuments({ memberId: member.id })).toBe(1)
  })

  it('supervisors adjust points with a reason; agents may not; a negative adjustment cannot go below zero', async () => {
    const member = await newMember(suite.app)
    const supervisor = await suite.app.staffToken(['supervisor'])
    const agent = await suite.app.staffToken(['agent'])
    const add = await suite.app.request('POST', `/api/members/${member.id}/points/adjust`, { token: supervisor, body: { delta: 120, reason: '活动补发' } })
    expect(add.status).toBe(200)
    expect(add.body).toMatchObject({ applied: true, balance: 120, entry: { deltaPoints: 120, kind: 'adjust', reason: '活动补发' } })
    expect((await suite.app.request('POST', `/api/members/${member.id}/points/adjust`, { token: agent, body: { delta: 10, reason: 'x' } })).status).toBe(403)
    expect((await suite.app.request('POST', `/api/members/${member.id}/points/adjust`, { token: supervisor, body: { delta: -121, reason: '冲正' } })).status).toBe(422)
    expect((await suite.app.request('POST', `/api/members/${member.id}/points/adjust`, { token: supervisor, body: { delta: 0, reason: '无' } })).status).toBe(400)
    const ledger = await suite.app.request('GET', `/api/members/${member.id}/points`, { token: agent })
    expect(ledger.body).toMatchObject({ balance: 120, total: 1, items: [{ deltaPoints: 120, balanceAfter: 120 }] })
    expect((await suite.app.request('GET', `/api/members/${member.id}`, { token: agent })).body.points).toBe(120)
  })

  it('the points answer names the balance, the tier and its benefits', async () => {
    const member = await newMember(suite.app)
    await adjustPoints(suite.app.deps, member.id, { delta: 1234, reason: '补录', staffId: supervisorId })
    const text = pointsReply(await pointsSummary(suite.app.deps, member.id))
    expect(text).toContain('1234')
    expect(text).toContain('普通会员')
    expect(text).toContain('积分兑换精选礼品')
    expect(pointsReply({ balance: 0, tier: 'A' })).toContain('VIP会员')
  })
})

describe('ledger rows keyed by member and seq', () => {
  const suite = useTestApp()

  it('the balance is found by _id however long the ledger is: 1, 2, 3 … 37 entries', async () => {
    const member = await newMember(suite.app)
    let expected = 0
    for (let n = 1; n <= 37; n++) {
      await adjustPoints(suite.app.deps, member.id, { delta: n, reason: `第${n}次`, staffId: 'test' })
      expected += n
      if ([1, 2, 3, 4, 5, 8, 9, 16, 17, 31, 37].includes(n)) expect(await memberBalance(suite.app.deps, new Types.ObjectId(member.id)), `after ${n}`).toBe(expected)
    }
    const ids = (await pointsLedgerModel(suite.app.deps.db).find({ memberId: member.id }, { _id: 1 }).lean<Array<{ _id: string }>>()).map((r) => r._id).sort()
    expect(ids).toEqual(Array.from({ length: 37 }, (_, i) => `${member.id}:${i + 1}`).sort())
  })

  it('rows stored before, under ObjectIds, are keyed at start (also a rekeying cut short), and the balance reads them', async () => {
    const member = await newMember(suite.app)
    const memberId = new Types.ObjectId(member.id)
    const legacy = (seq: number, balanceAfter: number) => ({ _id: new Types.ObjectId(), memberId, seq, deltaPoints: 100, balanceAfter, kind: 'earn', reason: '旧积分', visitId: null, giftId: null, staffId: null, at: new Date() })
    const ledger = pointsLedgerModel(suite.app.deps.db).collection
    await suite.app.deps.db.collection('migrations').deleteMany({}) // a database as an earlier version left it
    await ledger.insertMany([legacy(1, 100), legacy(2, 200)] as never[])
    // Row 3 was held when the last start was cut short: its old row already removed.
    await suite.app.deps.db.collection('points_ledger_rekeying').insertOne({ ...legacy(3, 300), _id: `${member.id}:3` } as never)
    expect(await keyLegacyLedgerRows(suite.app.deps.db)).toBe(2)
    expect(await keyLegacyLedgerRows(suite.app.deps.db)).toBe(0) // a second start finds nothing to do
    expect(await memberBalance(suite.app.deps, memberId)).toBe(300)
    expect(await suite.app.deps.db.collection('points_ledger_rekeying').countDocuments({})).toBe(0)
    expect((await ledger.find({ memberId }).toArray()).map((r) => r._id).sort()).toEqual([`${member.id}:1`, `${member.id}:2`, `${member.id}:3`])
  })
})
