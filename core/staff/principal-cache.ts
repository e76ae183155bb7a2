import type { Connection } from 'mongoose'
import { perConnection } from '../../platform/db/per-connection.ts'
import type { StaffDoc } from './model.ts'

/**
 * Every API request reads its caller's staff record; within a couple of seconds the answer is
 * the same, so each process keeps it that long. A change made here is seen at once (`forget`);
 * one made by another instance (a deactivation) reaches this one within STAFF_CACHE_MS.
 */
export const STAFF_CACHE_MS = 2_000

const cacheOf = perConnection(() => new Map<string, { doc: StaffDoc | null; until: number }>())

export async function cachedStaff(db: Connection, id: string, load: () => Promise<StaffDoc | null>): Promise<StaffDoc | null> {
  const cache = cacheOf(db)
  const now = Date.now()
  const hit = cache.get(id)
  if (hit && hit.until > now) return hit.doc
  const doc = await load()
  if (cache.size > 10_000) cache.clear() // bounded: tokens name real accounts, but a flood of them must not grow memory
  cache.set(id, { doc, until: now + STAFF_CACHE_MS })
  return doc
}

export function forgetStaff(db: Connection, id: string): void {
  cacheOf(db).delete(id)
}
