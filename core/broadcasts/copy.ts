import { TIER_NAMES } from '../members/copy.ts'
import type { Tier } from '../members/model.ts'

/** 称呼 when a member has no name on record. */
export const NAME_FALLBACK = '您'

/** The placeholders a broadcast's text may use, filled per member. */
export const BROADCAST_PLACEHOLDERS = ['name', 'tier', 'clinic'] as const

export interface Recipient {
  name: string
  tier: Tier
  clinicName: string
}

export function memberPlaceholders(recipient: Recipient): Record<(typeof BROADCAST_PLACEHOLDERS)[number], string> {
  return { name: recipient.name.trim() || NAME_FALLBACK, tier: TIER_NAMES[recipient.tier], clinic: recipient.clinicName }
}
