/**
 * The changes an outbox row goes through, in one place: the worker and the channels that send
 * outside its loop (微信客服's merged lines, a welcome code's send-now, a late delivery failure)
 * change rows only through these, each a guarded transition.
 */
import type { Connection } from 'mongoose'
import { transition } from '../db/atomic.ts'
import { isDuplicateKeyError } from '../errors.ts'
import { outboxIdFor, outboxModel, type OutboxDoc } from './model.ts'

/** How a claimed send ended: sent, failed for good, or queued again to be retried at `retryAt`. */
export type Settlement =
  | { status: 'sent'; providerMessageId?: string; attachmentError?: string; note?: string }
  | { status: 'failed'; lastError: string }
  | { status: 'queued'; retryAt: Date; lastError?: string }

/** queued → sending for `claimedBy`: the last moment a cancel can stop the row. Null when it is no longer queued (or, with `dueBy`, not due). */
export function claimQueued(db: Connection, id: unknown, claimedBy: string, options: { dueBy?: Date } = {}): Promise<OutboxDoc | null> {
  const takeable = (doc: OutboxDoc) => doc.status === 'queued' && (!options.dueBy || doc.nextAttemptAt <= options.dueBy)
  return transition<OutboxDoc>(db, outboxModel(db), id, takeable, (doc) => ({
    $set: { status: 'sending', claimedBy, claimedAt: new Date(), attempts: doc.attempts + 1 },
  }))
}

/** Records how the send of a claimed row ended; null when the claim was lost meanwhile (a stale-claim sweep marked it uncertain). */
export function settleClaimed(db: Connection, claimed: OutboxDoc, outcome: Settlement): Promise<OutboxDoc | null> {
  const stillOurs = (doc: OutboxDoc) => doc.status === 'sending' && doc.claimedBy === claimed.claimedBy
  const set =
    outcome.status === 'sent'
      ? {
          status: 'sent',
          sentAt: new Date(),
          providerMessageId: outcome.providerMessageId,
          ...(outcome.attachmentError ? { attachmentError: outcome.attachmentError } : {}),
          ...(outcome.note ? { lastError: outcome.note } : {}),
        }
      : outcome.status === 'failed'
        ? { status: 'failed', lastError: outcome.lastError }
        : { status: 'queued', nextAttemptAt: outcome.retryAt, ...(outcome.lastError ? { lastError: outcome.lastError } : {}) }
  return transition<OutboxDoc>(db, outboxModel(db), claimed._id, stillOurs, () => ({ $set: set }), claimed)
}

/** A row the platform accepted and later reported undelivered (微信客服's msg_send_fail). */
export function failAfterSent(db: Connection, id: unknown, lastError: string): Promise<OutboxDoc | null> {
  return transition<OutboxDoc>(db, outboxModel(db), id, (doc) => doc.status === 'sent', () => ({ $set: { status: 'failed', lastError } }))
}

export type UnderWayRow = Pick<OutboxDoc, 'key' | 'channel' | 'account' | 'recipient' | 'text' | 'origin'> &
  Partial<Pick<OutboxDoc, 'conversationId' | 'memberId' | 'lastError'>> & { status: 'sending' | 'failed' }

/**
 * A message sent outside the queue, inserted as already under way (`sending`, which no worker
 * claims) or already failed, under its ordinary key: the key's unique index makes it once.
 * Null when the key was taken before.
 */
export async function insertUnderWay(db: Connection, row: UnderWayRow, claimedBy: string): Promise<OutboxDoc | null> {
  const now = new Date()
  try {
    const doc = await outboxModel(db).create({
      _id: outboxIdFor(row.key),
      ...row,
      priority: 0,
      attempts: row.status === 'sending' ? 1 : 0,
      nextAttemptAt: now,
      claimedBy,
      claimedAt: now,
    })
    return doc.toObject() as OutboxDoc
  } catch (err) {
    if (isDuplicateKeyError(err)) return null
    throw err
  }
}
