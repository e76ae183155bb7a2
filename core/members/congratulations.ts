import type { Deps } from '../../platform/deps.ts'
import { isDuplicateKeyError } from '../../platform/errors.ts'
import type { CareMessage } from './care-messages.ts'
import { tierUpgradeMessage } from './copy.ts'
import { memberModel, tierChangeModel, tierCongratulationModel, type MemberDoc, type Tier, type TierChangeDoc } from './model.ts'

export interface TierCongratulation extends CareMessage {
  tier: Tier
}

/**
 * Upgrades of the last week not yet congratulated (an older one is not worth a late message),
 * each claimed by inserting its congratulation row, so it is handed out at most once (the
 * bot/outbox sends the text). Upgrades since undone, or of members
 * who opted out or have no chat identity yet, are claimed and dropped.
 */
export async function claimTierUpgradeCongratulations(deps: Pick<Deps, 'db'>, now: Date, since = new Date(now.getTime() - 7 * 24 * 3600_000)): Promise<TierCongratulation[]> {
  const upgrades = await tierChangeModel(deps.db).find({ direction: 'up', at: { $gte: since } }).sort({ at: 1 }).lean<TierChangeDoc[]>()
  const done = await tierCongratulationModel(deps.db).find({ _id: { $in: upgrades.map((u) => u._id) } }, { _id: 1 }).lean<Array<{ _id: unknown }>>()
  const doneIds = new Set(done.map((row) => String(row._id)))
  const claimed: TierChangeDoc[] = []
  for (const upgrade of upgrades.filter((u) => !doneIds.has(String(u._id)))) {
    try {
      await tierCongratulationModel(deps.db).create({ _id: upgrade._id, memberId: upgrade.memberId, at: now })
      claimed.push(upgrade)
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err // another instance claimed it
    }
  }
  const members = await memberModel(deps.db)
    .find({ _id: { $in: claimed.map((change) => change.memberId) } }, { name: 1, tier: 1, optedOut: 1, status: 1 })
    .lean<Array<Pick<MemberDoc, '_id' | 'name' | 'tier' | 'optedOut' | 'status'>>>()
  const byId = new Map(members.map((member) => [String(member._id), member]))
  return claimed.flatMap((change) => {
    const member = byId.get(String(change.memberId))
    if (!member || member.optedOut || member.status !== 'active' || member.tier !== change.to) return []
    return [{ memberId: String(member._id), tier: change.to, text: tierUpgradeMessage(member, change.to), keyPrefix: `tier-up:${String(member._id)}:${change.to}:${now.getTime()}` }]
  })
}
