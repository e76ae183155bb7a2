import { EventEmitter } from 'node:events'
import { wakeableSleep } from '../wakeable-sleep.ts'
import { randomUUID } from 'node:crypto'
import type { Connection, Types } from 'mongoose'
import { transition } from '../db/atomic.ts'
import { isDuplicateKeyError } from '../errors.ts'
import type { Logger } from '../log.ts'
import { outboxIdFor, outboxModel, type MessageAttachment, type OutboxDoc } from './model.ts'
import { claimQueued, settleClaimed } from './row-changes.ts'
import { takeSendSlot, type PacingRule } from './pacing.ts'
import { SendError } from './send-error.ts'
import { findByKey } from '../db/keyed-id.ts'

export { outboxIdFor } from './model.ts'

export interface OutboundMessage {
  key: string
  channel: string
  account: string
  recipient: string
  text: string
  /** Sent after the text, as one unit with it (same row, same key). */
  attachment?: MessageAttachment
  /** A WeCom app message's card: its title and the console link (the text is its description). */
  card?: { title: string; url: string }
  origin: string
  priority?: number
  conversationId?: Types.ObjectId | string
  memberId?: Types.ObjectId | string
  /** Not before this time (quiet hours, scheduled sends). */
  notBefore?: Date
}

/**
 * Sends one message (its text, then its attachment if any) through a channel; throws SendError when
 * nothing went out. When the text went out but the attachment did not, it answers `attachmentError`
 * instead of throwing: the row is sent, never retried.
 */
export type Sender = (message: OutboxDoc) => Promise<{ providerMessageId?: string; attachmentError?: string } | void>

const MAX_ATTEMPTS = 6
const STALE_AFTER_MS = 60_000
const IDLE_POLL_MS = 500
const CANDIDATES_PER_SCAN = 200
const CANDIDATES_FRESH_MS = 1000
/** Broadcasts and care greetings: the lowest priority. */
export const BULK_PRIORITY = 9


/** The row for a key (also one stored before rows were keyed by it: a scan, only for those). */
export async function findOutboxRow(db: Connection, key: string): Promise<OutboxDoc | null> {
  return findByKey<OutboxDoc>(outboxModel(db), outboxIdFor(key), { key })
}

/** Persists a message before anything is sent. The key makes it idempotent: enqueueing twice sends once. */
export async function enqueueMessage(db: Connection, message: OutboundMessage): Promise<{ id: string; created: boolean }> {
  const Outbox = outboxModel(db)
  try {
    const doc = await Outbox.create({ _id: outboxIdFor(message.key), ...message, priority: message.priority ?? 5, nextAttemptAt: message.notBefore ?? new Date(), status: 'queued' })
    outboxSignals.emit('enqueued', { _id: doc._id, account: doc.account, priority: doc.priority, nextAttemptAt: doc.nextAttemptAt } satisfies Enqueued)
    return { id: String(doc._id), created: true }
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
    const existing = await findOutboxRow(db, message.key)
    return { id: String(existing!._id), created: false }
  }
}

const cancellable = (doc: OutboxDoc) => doc.status === 'queued'

/** Cancels messages not yet handed to a channel (an opt-out mid-run, a paused broadcast). */
export async function cancelQueued(db: Connection, filter: Record<string, unknown>): Promise<number> {
  const Outbox = outboxModel(db)
  let cancelled = 0
  for (const { _id } of await Outbox.find({ ...filter, status: 'queued' }, { _id: 1 }).lean()) {
    if (await transition<OutboxDoc>(db, Outbox, _id, cancellable, () => ({ $set: { status: 'cancelled' } }))) cancelled++
  }
  return cancelled
}

interface Candidate {
  _id: unknown
  account: string
  priority: number
}

type Enqueued = Candidate & { nextAttemptAt: Date }

/**
 * Bulk messages (one per recipient, order of no matter) in a random order per worker, so that
 * workers on several instances do not all race for the same row; everything else in its order
 * (the lines of one reply must arrive in sequence).
 */
function spreadBulk(due: Candidate[]): Candidate[] {
  const bulk = due.filter((c) => c.priority >= BULK_PRIORITY)
  for (let i = bulk.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[bulk[i], bulk[j]] = [bulk[j], bulk[i]]
  }
  return [...due.filter((c) => c.priority < BULK_PRIORITY), ...bulk]
}

/** In-process wake-ups for the worker; other instances find new rows by polling. */
const outboxSignals = new EventEmitter()
outboxSignals.setMaxListeners(0)

export interface OutboxWorkerOptions {
  db: Connection
  log: Logger
  /** One sender per account this instance is logged in to; it claims only their messages. */
  senders: Record<string, Sender>
  pacing: PacingRule
  /** Emits 'sent' and 'failed' with the outbox document, for conversation history and live events. */
  events?: EventEmitter
  /** How long a claim or a send may go unrefreshed before it counts as abandoned by a dead process (default 60 s). */
  staleAfterMs?: number
}

export function startOutboxWorker({ db, log, senders, pacing, events, staleAfterMs = STALE_AFTER_MS }: OutboxWorkerOptions) {
  const Outbox = outboxModel(db)
  const workerId = randomUUID()
  let running = true
  const { sleep, wake } = wakeableSleep()
  const onEnqueued = wake
  outboxSignals.on('enqueued', onEnqueued)


  async function recoverStale() {
    const staleBefore = new Date(Date.now() - staleAfterMs)
    const stale = (doc: OutboxDoc) => doc.status === 'sending' && !!doc.claimedAt && doc.claimedAt < staleBefore
    let uncertain = 0
    for (const { _id } of await Outbox.find({ status: 'sending', claimedAt: { $lt: staleBefore } }, { _id: 1 }).lean()) {
      const marked = await transition<OutboxDoc>(db, Outbox, _id, stale, () => ({
        $set: { status: 'uncertain', lastError: 'the process stopped while this was being sent; not sent again' },
      })).catch((err) => {
        // A killed process's ticket not yet old enough to step over: next round. The others go on.
        log.warn({ err, id: String(_id) }, 'outbox: a stale send could not be marked yet')
        return null
      })
      if (marked) uncertain++
    }
    if (uncertain) log.warn({ count: uncertain }, 'outbox: messages left in sending marked uncertain')
  }

  // FerretDB scans and sorts the whole outbox for this query (it pushes down only _id), so with
  // thousands of rows one scan per message caps a run at a few messages a second. The due rows
  // found are kept for a moment and taken one by one (each take still checks `queued`); a message
  // enqueued in this process joins them at once, after those of its priority (so a reply's lines
  // keep their order), and after CANDIDATES_FRESH_MS the next take looks again, for other
  // instances' rows. (Dropping the list on every enqueue made each message rescan an outbox that
  // grows with every message sent.)
  let candidates: Candidate[] = []
  let candidatesAt = 0
  const joinCandidates = (row: Enqueued) => {
    if (!(row.account in senders) || row.nextAttemptAt.getTime() > Date.now()) return // not ours, or not due yet: a later look finds it
    const after = candidates.findLastIndex((c) => c.priority <= row.priority && (c.priority < BULK_PRIORITY || row.priority >= BULK_PRIORITY))
    candidates.splice(after + 1, 0, { _id: row._id, account: row.account, priority: row.priority })
  }
  outboxSignals.on('enqueued', joinCandidates)

  async function dueCandidates() {
    if (!candidates.length || Date.now() - candidatesAt > CANDIDATES_FRESH_MS) {
      const due = await Outbox.find({ status: 'queued', nextAttemptAt: { $lte: new Date() }, account: { $in: Object.keys(senders) } }, { _id: 1, account: 1, priority: 1 })
        .sort({ priority: 1, nextAttemptAt: 1, _id: 1 })
        .limit(CANDIDATES_PER_SCAN)
        .lean<Candidate[]>()
      candidates = spreadBulk(due)
      candidatesAt = Date.now()
    }
    return candidates
  }

  /**
   * Sends the most urgent due message, if any: first a pacing slot for its account, then the row
   * goes from queued to sending — the last moment a cancel (opt-out, pause) can stop it, and the
   * only claim there is, so a crash while waiting for a slot leaves nothing to recover. Answers
   * how long to wait before looking again.
   */
  async function sendNext(): Promise<number> {
    const due = await dueCandidates()
    if (!due.length) return IDLE_POLL_MS
    const account = due[0].account
    const wait = await takeSendSlot(db, account, pacing)
    if (wait > 0) return Math.min(wait, 1000)
    // The slot is this account's: the first of its candidates still queued and due takes it.
    for (const candidate of due.filter((c) => c.account === account)) {
      candidates = candidates.filter((c) => c !== candidate)
      const sending = await claimQueued(db, candidate._id, workerId, { dueBy: new Date() }).catch((err) => {
        log.warn({ err, id: String(candidate._id) }, 'outbox: could not take a row yet; trying the next')
        return null
      })
      if (sending) {
        await send(sending)
        return 0
      }
    }
    return 0
  }

  async function send(sending: OutboxDoc) {
    try {
      const result = await senders[sending.account](sending)
      const sent = await settleClaimed(db, sending, { status: 'sent', providerMessageId: result?.providerMessageId, attachmentError: result?.attachmentError })
      if (sent) events?.emit('sent', sent)
    } catch (err) {
      const sendError = err instanceof SendError ? err : new SendError('transient', 'unexpected', err instanceof Error ? err.message : String(err))
      const giveUp = sendError.kind === 'permanent' || sending.attempts >= MAX_ATTEMPTS
      const backoff = sendError.retryAfterMs ?? Math.min(2 ** sending.attempts * 1000, 5 * 60_000)
      const lastError = `${sendError.reason}: ${sendError.message}`
      const updated = await settleClaimed(db, sending, giveUp ? { status: 'failed', lastError } : { status: 'queued', retryAt: new Date(Date.now() + backoff), lastError })
      log.warn({ id: String(sending._id), channel: sending.channel, reason: sendError.reason, giveUp }, 'outbox: send failed')
      if (giveUp && updated) events?.emit('failed', updated)
    }
  }

  const loop = (async () => {
    let lastRecovery = 0
    while (running) {
      try {
        if (Date.now() - lastRecovery > staleAfterMs / 2) {
          await recoverStale()
          lastRecovery = Date.now()
        }
        const wait = await sendNext()
        if (wait > 0) await sleep(wait)
      } catch (err) {
        if (!running) break
        log.error({ err }, 'outbox worker error')
        await sleep(1000)
      }
    }
  })()

  return {
    workerId,
    /** Finishes the message in hand, then stops. */
    async stop() {
      running = false
      outboxSignals.off('enqueued', onEnqueued)
      outboxSignals.off('enqueued', joinCandidates)
      wake()
      await loop
    },
  }
}

export type OutboxWorker = ReturnType<typeof startOutboxWorker>
