import type { Types } from 'mongoose'
import type { Deps } from '../../platform/deps.ts'
import { isDuplicateKeyError, notFound } from '../../platform/errors.ts'
import { visitModel } from '../visits/model.ts'
import { monthsBefore, today } from './days.ts'
import { memberModel, tierChangeModel, writeMember, type Tier } from './model.ts'
import { formatYuan } from './money.ts'

/** Domain §2 (客户分级): spend within each tier's rolling window, boundaries inclusive; below C is D. */
export const TIER_RULES: ReadonlyArray<{ tier: Exclude<Tier, 'D'>; minSpendFen: number; months: number }> = [
  { tier: 'A', minSpendFen: 1_000_000_00, months: 24 },
  { tier: 'B', minSpendFen: 500_000_00, months: 18 },
  { tier: 'C', minSpendFen: 200_000_00, months: 12 },
]
const LONGEST_WINDOW_MONTHS = Math.max(...TIER_RULES.map((rule) => rule.months))
const D_WINDOW_MONTHS = 12
export const TIER_RANK: Record<Tier, number> = { A: 3, B: 2, C: 1, D: 0 }

/** Spend in fen per window length in months. */
export type WindowSpend = Record<number, number>

export function tierForSpend(spend: WindowSpend): { tier: Tier; spendFen: number; windowMonths: number } {
  for (const rule of TIER_RULES) {
    const spent = spend[rule.months] ?? 0
    if (spent >= rule.minSpendFen) return { tier: rule.tier, spendFen: spent, windowMonths: rule.months }
  }
  return { tier: 'D', spendFen: spend[D_WINDOW_MONTHS] ?? 0, windowMonths: D_WINDOW_MONTHS }
}

/** A window of N months ending today holds the visits with visitDay in (today − N months, today]. */
function windowStart(now: Date, months: number) {
  return monthsBefore(today(now), months)
}

export async function spendInWindows(deps: Pick<Deps, 'db'>, memberId: Types.ObjectId, now: Date): Promise<WindowSpend> {
  const day = today(now)
  const visits = await visitModel(deps.db)
    .find({ memberId, visitDay: { $gt: windowStart(now, LONGEST_WINDOW_MONTHS), $lte: day } }, { visitDay: 1, amountFen: 1 })
    .lean<Array<{ visitDay: string; amountFen: number }>>()
  const spend: WindowSpend = {}
  for (const rule of TIER_RULES) {
    const start = windowStart(now, rule.months)
    spend[rule.months] = visits.filter((visit) => visit.visitDay > start).reduce((sum, visit) => sum + visit.amountFen, 0)
  }
  return spend
}

export interface TierChangeResult {
  memberId: string
  from: Tier
  to: Tier
  changed: boolean
  upgraded: boolean
  spendFen: number
  windowMonths: number
}

export interface TierRecomputeOptions {
  /** Called once per upgrade; the caller sends the congratulation (see tierUpgradeMessage in copy.ts). */
  onTierUpgrade?: (change: TierChangeResult) => void | Promise<void>
}

export async function recomputeTier(
  deps: Pick<Deps, 'db'>,
  memberId: string | Types.ObjectId,
  now: Date,
  options: TierRecomputeOptions = {},
): Promise<TierChangeResult> {
  const member = await memberModel(deps.db).findById(memberId, { tier: 1 }).lean<{ _id: Types.ObjectId; tier: Tier }>()
  if (!member) throw notFound('member_not_found', 'No such member.')
  const target = tierForSpend(await spendInWindows(deps, member._id, now))
  return applyTier(deps, member, target, now, options)
}

async function applyTier(
  deps: Pick<Deps, 'db'>,
  member: { _id: Types.ObjectId; tier: Tier },
  target: ReturnType<typeof tierForSpend>,
  now: Date,
  options: TierRecomputeOptions,
): Promise<TierChangeResult> {
  const unchanged: TierChangeResult = {
    memberId: String(member._id),
    from: member.tier,
    to: member.tier,
    changed: false,
    upgraded: false,
    spendFen: target.spendFen,
    windowMonths: target.windowMonths,
  }
  if (target.tier === member.tier) return unchanged
  const upgraded = TIER_RANK[target.tier] > TIER_RANK[member.tier]
  // The change row's unique key decides between concurrent recomputes (a conditional update would not on FerretDB).
  try {
    await tierChangeModel(deps.db).create({
      memberId: member._id,
      from: member.tier,
      to: target.tier,
      direction: upgraded ? 'up' : 'down',
      spendFen: target.spendFen,
      windowMonths: target.windowMonths,
      reason: `spend ${formatYuan(target.spendFen)} yuan within ${target.windowMonths} months`,
      at: now,
      key: `${member._id}:${member.tier}:${target.tier}:${today(now)}`,
    })
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
    await writeMember(deps.db, member._id, { $set: { tier: target.tier } }) // the winner may not have written it yet
    return { ...unchanged, to: target.tier }
  }
  await writeMember(deps.db, member._id, { $set: { tier: target.tier, tierChangedAt: now } })
  const change = { ...unchanged, to: target.tier, changed: true, upgraded }
  if (upgraded) await options.onTierUpgrade?.(change)
  return change
}

/** The nightly recompute: members whose spend reaches a tier, and every member above D (whose spend may have aged out). */
export async function recomputeAllTiers(deps: Pick<Deps, 'db'>, now: Date, options: TierRecomputeOptions = {}) {
  const day = today(now)
  const spendByWindow = new Map<number, Map<string, number>>()
  for (const rule of TIER_RULES) {
    // One accumulator per $group: FerretDB v1.24 computes only the first accumulator of a $group.
    const rows = await visitModel(deps.db).aggregate<{ _id: Types.ObjectId; total: number }>([
      { $match: { visitDay: { $gt: windowStart(now, rule.months), $lte: day } } },
      { $group: { _id: '$memberId', total: { $sum: '$amountFen' } } },
    ])
    spendByWindow.set(rule.months, new Map(rows.map((row) => [String(row._id), row.total])))
  }
  const candidates = new Set<string>()
  for (const rule of TIER_RULES) {
    for (const [id, total] of spendByWindow.get(rule.months)!) if (total >= rule.minSpendFen) candidates.add(id)
  }
  const aboveD = await memberModel(deps.db).find({ tier: { $ne: 'D' }, status: { $ne: 'merged' } }, { _id: 1 }).lean<Array<{ _id: Types.ObjectId }>>()
  for (const member of aboveD) candidates.add(String(member._id))

  const members = await memberModel(deps.db)
    .find({ _id: { $in: [...candidates] }, status: { $ne: 'merged' } }, { tier: 1 })
    .lean<Array<{ _id: Types.ObjectId; tier: Tier }>>()
  let upgraded = 0
  let downgraded = 0
  for (const member of members) {
    const id = String(member._id)
    const spend: WindowSpend = {}
    for (const rule of TIER_RULES) spend[rule.months] = spendByWindow.get(rule.months)!.get(id) ?? 0
    const change = await applyTier(deps, member, tierForSpend(spend), now, options)
    if (change.changed) change.upgraded ? upgraded++ : downgraded++
  }
  return { checked: members.length, upgraded, downgraded }
}
