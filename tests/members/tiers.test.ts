import { describe, expect, it } from 'vitest'
import { claimTierUpgradeCongratulations } from '../../core/members/congratulations.ts'
import { recomputeTiersJob } from '../../core/members/jobs.ts'
import { tierChangeModel } from '../../core/members/model.ts'
import { getMember } from '../../core/members/service.ts'
import { recomputeTier, type TierChangeResult } from '../../core/members/tiers.ts'
import { visitModel } from '../../core/visits/model.ts'
import { fixedClock } from '../../platform/clock.ts'
import { useTestApp } from '../helpers/test-app.ts'
import { newMember, spend } from './factories.ts'

describe('member tiers from spend in rolling windows', () => {
  const clock = fixedClock('2026-11-23T02:00:00Z') // 10:00 in Shanghai
  const suite = useTestApp({ clock })

  const tierOf = async (id: string) => (await getMember(suite.app.deps, id)).tier

  /** The tier of a new member after these spends, each [yuan, when]. */
  const tierAfter = async (...spends: Array<[number, string]>) => {
    const member = await newMember(suite.app)
    for (const [yuan, when] of spends) await spend(suite.app, member.id, yuan, when)
    return tierOf(member.id)
  }

  it('exactly 200,000 yuan within 12 months is C (the boundary is inclusive)', async () => {
    expect(await tierAfter([150_000, '2026-03-01T10:00:00+08:00'], [50_000, '2026-11-20T15:30:00+08:00'])).toBe('C')
  })

  it('199,999.99 yuan within 12 months stays D', async () => {
    expect(await tierAfter([199_999.99, '2026-06-01T10:00:00+08:00'])).toBe('D')
  })

  it('1,000,000 yuan within 24 months is A, even when older than 18 months', async () => {
    expect(await tierAfter([1_000_000, '2025-03-01T10:00:00+08:00'])).toBe('A')
  })

  it('500,000 yuan within 18 months is B, but 500,000 spent 20 months ago is D', async () => {
    expect(await tierAfter([500_000, '2025-08-01T10:00:00+08:00'])).toBe('B')
    expect(await tierAfter([500_000, '2025-03-01T10:00:00+08:00'])).toBe('D')
  })

  it('spend ageing out of the window demotes the member when the clock moves on, and the change is recorded', async () => {
    const member = await newMember(suite.app)
    await spend(suite.app, member.id, 200_000, '2025-11-24T09:00:00+08:00') // the first day of the 12-month window ending 2026-11-23
    expect(await tierOf(member.id)).toBe('C')

    const nextDay = new Date('2026-11-24T02:00:00Z')
    const change = await recomputeTier(suite.app.deps, member.id, nextDay)
    expect(change).toMatchObject({ from: 'C', to: 'D', changed: true, upgraded: false })
    expect(await tierOf(member.id)).toBe('D')
    const rows = await tierChangeModel(suite.app.deps.db).find({ memberId: member.id }).sort({ at: 1 }).lean()
    expect(rows.map((row) => [row.from, row.to, row.direction])).toEqual([['D', 'C', 'up'], ['C', 'D', 'down']])
    expect(rows[0]).toMatchObject({ spendFen: 200_000_00, windowMonths: 12 })
  })

  it('the nightly job demotes members whose spend aged out', async () => {
    const member = await newMember(suite.app)
    await spend(suite.app, member.id, 300_000, '2025-12-01T09:00:00+08:00')
    expect(await tierOf(member.id)).toBe('C')
    const result = await recomputeTiersJob.run(suite.app.deps, { now: new Date('2026-12-05T02:00:00Z') })
    expect(result).toMatchObject({ downgraded: expect.any(Number) })
    expect(await tierOf(member.id)).toBe('D')
  })

  it('an upgrade says so and calls the hook once; a second recompute changes nothing', async () => {
    const member = await newMember(suite.app)
    // A visit written straight to the collection, so that no import has recomputed the tier yet.
    await visitModel(suite.app.deps.db).create({
      externalId: `direct-${member.id}`, memberId: member.id, clinicCode: 'BJ01', visitedAt: new Date('2026-10-01T02:00:00Z'),
      visitDay: '2026-10-01', type: 'surgical', amountFen: 600_000_00, importedAt: clock.now(), updatedAt: clock.now(),
    })
    const upgrades: TierChangeResult[] = []
    const onTierUpgrade = (change: TierChangeResult) => void upgrades.push(change)
    expect(await recomputeTier(suite.app.deps, member.id, clock.now(), { onTierUpgrade })).toMatchObject({ from: 'D', to: 'B', changed: true, upgraded: true })
    expect(await recomputeTier(suite.app.deps, member.id, clock.now(), { onTierUpgrade })).toMatchObject({ changed: false, upgraded: false })
    expect(upgrades).toHaveLength(1)
  })

  it('each upgrade is congratulated once, in warm Chinese naming the new tier', async () => {
    const member = await newMember(suite.app, { name: '韩梅梅' })
    await spend(suite.app, member.id, 520_000, '2026-09-09T10:00:00+08:00')
    const claimed = await claimTierUpgradeCongratulations(suite.app.deps, clock.now())
    const mine = claimed.filter((c) => c.memberId === member.id)
    expect(mine).toHaveLength(1)
    expect(mine[0].tier).toBe('B')
    expect(mine[0].text).toContain('韩梅梅')
    expect(mine[0].text).toContain('金卡会员')
    const again = await claimTierUpgradeCongratulations(suite.app.deps, clock.now())
    expect(again.filter((c) => c.memberId === member.id)).toHaveLength(0)
  })
})
