import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { Schema, type Connection } from 'mongoose'
import type { Deps } from '../deps.ts'
import { isDuplicateKeyError } from '../errors.ts'
import { modelOf } from '../db/model-of.ts'

/**
 * Lease locks: one row per key says who holds it and until when. Expiry is checked when someone
 * asks (FerretDB has no TTL index); a crashed holder's lease simply runs out.
 *
 * Only inserts are atomic on FerretDB v1: its findAndModify reads, then writes by _id
 * (internal/handler/msg_findandmodify.go at v1.24.2), so a conditional update lets two instances
 * take over the same expired lease. Every way in is therefore an insert: a free key is taken by
 * inserting its row, and the right to replace a dead holder by inserting a takeover ticket named
 * after that holder's tenure — one ticket per tenure, one winner.
 */
const leaseSchema = new Schema(
  {
    _id: { type: String, required: true },
    holder: { type: String, required: true },
    /** Changes with every new holder; names the takeover ticket. */
    tenure: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'leases', versionKey: false },
)

const leaseTakeoverSchema = new Schema(
  { _id: { type: String, required: true }, at: { type: Date, required: true } }, // `${key}:${tenure}`
  { collection: 'lease_takeovers', versionKey: false },
)

export const leaseModel = modelOf('Lease', leaseSchema)

export const leaseTakeoverModel = modelOf('LeaseTakeover', leaseTakeoverSchema)

// Leases run on the wall clock, not deps.clock: tests fake the business clock, but a lease must expire in real time.
const wallClock = () => new Date()

/** A holder id unique to one call, so two runs on the same instance exclude each other too. */
/** Every holder id of this process starts with it. */
export const THIS_PROCESS = `${hostname()}:${process.pid}`

export function newHolderId(prefix = THIS_PROCESS): string {
  return `${prefix}:${randomUUID().slice(0, 8)}`
}

/** Takes `key` for `ttlMs` if it is free, expired, or already ours; false while another holder has it. */
export async function acquireLease(db: Connection, key: string, holderId: string, ttlMs: number, now = wallClock()): Promise<boolean> {
  const Lease = leaseModel(db)
  const expiresAt = new Date(now.getTime() + ttlMs)
  try {
    await Lease.create({ _id: key, holder: holderId, tenure: randomUUID(), expiresAt })
    return true
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
  }
  const current = await Lease.findById(key).lean<{ holder: string; tenure: string; expiresAt: Date }>()
  if (!current) return false // released between our insert and our read: the next attempt gets it
  if (current.holder === holderId) return renewLease(db, key, holderId, ttlMs, now)
  if (current.expiresAt >= now) return false
  try {
    await leaseTakeoverModel(db).create({ _id: `${key}:${current.tenure}`, at: now })
  } catch (err) {
    if (isDuplicateKeyError(err)) return false // another instance is taking over this very tenure
    throw err
  }
  const taken = await Lease.updateOne({ _id: key, tenure: current.tenure }, { $set: { holder: holderId, tenure: randomUUID(), expiresAt } })
  return taken.matchedCount === 1
}

/** Extends our lease; false when it is no longer ours (it expired and someone took it over). */
export async function renewLease(db: Connection, key: string, holderId: string, ttlMs: number, now = wallClock()): Promise<boolean> {
  const renewed = await leaseModel(db).updateOne({ _id: key, holder: holderId }, { $set: { expiresAt: new Date(now.getTime() + ttlMs) } })
  return renewed.matchedCount === 1
}

/** Gives the key back at once, if it is still ours. */
export async function releaseLease(db: Connection, key: string, holderId: string): Promise<void> {
  await leaseModel(db).deleteOne({ _id: key, holder: holderId })
}

/** Removes takeover tickets and leases of crashed holders that have been dead for a day. */
export async function pruneStaleLeases(db: Connection, now = wallClock()): Promise<number> {
  const dayAgo = new Date(now.getTime() - 24 * 3600_000)
  const [tickets, leases] = await Promise.all([
    leaseTakeoverModel(db).deleteMany({ at: { $lt: dayAgo } }),
    leaseModel(db).deleteMany({ expiresAt: { $lt: dayAgo } }),
  ])
  return tickets.deletedCount + leases.deletedCount
}

export type LeaseOutcome<T> = { acquired: true; value: T } | { acquired: false }

/**
 * Runs `fn` while holding `key`, renewing every ttl/3 and releasing afterwards; answers
 * `{ acquired: false }` without running it when another holder has the key. `lost` aborts if a
 * renewal finds the lease taken over (we stalled past its expiry), so long work can stop early.
 */
export async function withLease<T>(
  deps: Pick<Deps, 'db' | 'log'>,
  key: string,
  ttlMs: number,
  fn: (lost: AbortSignal) => Promise<T>,
  holderId = newHolderId(),
): Promise<LeaseOutcome<T>> {
  if (!(await acquireLease(deps.db, key, holderId, ttlMs))) return { acquired: false }
  const lost = new AbortController()
  let done = false
  const renewal = setInterval(() => {
    renewLease(deps.db, key, holderId, ttlMs).then(
      (kept) => {
        if (kept || done || lost.signal.aborted) return
        deps.log.warn({ key, holderId }, 'lease lost to another holder while working')
        lost.abort()
      },
      (err) => deps.log.warn({ err, key }, 'lease renewal failed; retrying at the next interval'),
    )
  }, Math.max(1, Math.floor(ttlMs / 3)))
  try {
    return { acquired: true, value: await fn(lost.signal) }
  } finally {
    done = true
    clearInterval(renewal)
    if (!lost.signal.aborted) {
      await releaseLease(deps.db, key, holderId).catch((err) => deps.log.warn({ err, key }, 'lease release failed; it will expire'))
    }
  }
}
