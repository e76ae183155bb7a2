import type { Connection } from 'mongoose'
import { perConnection } from '../db/per-connection.ts'
import { isDuplicateKeyError } from '../errors.ts'
import { sendSlotModel } from './model.ts'

export interface PacingRule {
  perMinute: number
  /** How many messages may go out back to back before pacing applies (a reply of two or three lines). */
  burst: number
}

/**
 * Takes a send slot for an account, shared by every instance. Time is cut into slots of
 * 60 s / perMinute; a message may use any free slot from the last `burst` ones up to now, and a
 * slot is taken by inserting its row (a unique insert is the one atomic write on FerretDB too).
 * Answers 0 when a slot was taken, or how many ms to wait. Uses the wall clock: pacing is about
 * real seconds, not business time.
 */
export async function takeSendSlot(db: Connection, account: string, rule: PacingRule, nowMs = Date.now()): Promise<number> {
  const interval = 60_000 / rule.perMinute
  const current = Math.floor(nowMs / interval)
  const taken = takenHere(db)
  // Slots up to the last one this process took are taken (it always takes the lowest free one), so
  // they are not tried again: under steady load every send would otherwise first fail `burst - 1`
  // inserts (a round trip each). Another instance's slots are still found by the unique insert.
  const hint = `${account}:${interval}`
  const from = Math.max(current - Math.max(0, rule.burst - 1), (taken.get(hint) ?? -Infinity) + 1)
  for (let slot = from; slot <= current; slot++) {
    try {
      await sendSlotModel(db).create({ _id: `${account}:${slot}`, at: new Date(slot * interval) })
      taken.set(hint, slot)
      return 0
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err
    }
  }
  return Math.max(1, Math.ceil((Math.max(current, from - 1) + 1) * interval - nowMs))
}

/** The last slot this process took, per account and slot length, per database (tests run several in one process). */
const takenHere = perConnection(() => new Map<string, number>())

export async function pruneSendSlots(db: Connection, olderThan: Date): Promise<void> {
  await sendSlotModel(db).deleteMany({ at: { $lt: olderThan } })
}
