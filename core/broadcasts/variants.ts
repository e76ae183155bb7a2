import { createHash } from 'node:crypto'
import type { Types } from 'mongoose'

/**
 * A/B split: deterministic by member id (salted with the broadcast, so the same members are not
 * always in group B), about half and half, and the same answer on every instance and re-plan.
 */
export function variantFor(broadcastId: Types.ObjectId | string, memberId: Types.ObjectId | string): 'A' | 'B' {
  return createHash('sha256').update(`${String(broadcastId)}:${String(memberId)}`).digest()[0] & 1 ? 'B' : 'A'
}
