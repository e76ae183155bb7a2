import { Schema, type Connection } from 'mongoose'
import { tooManyRequests } from './errors.ts'
import { modelOf } from './db/model-of.ts'

/**
 * Fixed-window counters shared by every instance: one row per hit, counted (a `$inc` counter
 * loses hits under concurrency on FerretDB v1). Finished windows are pruned by a job (no TTL index).
 */
const rateLimitHitSchema = new Schema(
  {
    key: { type: String, required: true },
    windowStart: { type: Number, required: true },
    windowEndsAt: { type: Date, required: true, index: true },
  },
  { collection: 'rate_limit_hits', versionKey: false },
)
rateLimitHitSchema.index({ key: 1, windowStart: 1 })

export const rateLimitModel = modelOf('RateLimitHit', rateLimitHitSchema)

export interface Window {
  limit: number
  windowMs: number
}

const windowStartOf = (windowMs: number, now: Date) => Math.floor(now.getTime() / windowMs) * windowMs

/** How many hits the key has in its current window. */
export async function hitsInWindow(db: Connection, key: string, windowMs: number, now: Date): Promise<number> {
  return rateLimitModel(db).countDocuments({ key, windowStart: windowStartOf(windowMs, now) })
}

/** Records a hit; answers the count in the window including it. */
export async function recordHit(db: Connection, key: string, windowMs: number, now: Date): Promise<number> {
  const windowStart = windowStartOf(windowMs, now)
  await rateLimitModel(db).create({ key, windowStart, windowEndsAt: new Date(windowStart + windowMs) })
  return hitsInWindow(db, key, windowMs, now)
}

/** Counts a hit and refuses with 429 past the limit. */
export async function hitRateLimit(db: Connection, key: string, window: Window, now: Date): Promise<void> {
  if ((await recordHit(db, key, window.windowMs, now)) > window.limit) throw tooManyRequests()
}

export async function pruneRateLimits(db: Connection, now: Date): Promise<void> {
  await rateLimitModel(db).deleteMany({ windowEndsAt: { $lt: now } })
}
