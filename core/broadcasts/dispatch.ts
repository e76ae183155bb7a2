import type { Types } from 'mongoose'
import { businessDay } from '../../platform/clock.ts'
import { transition } from '../../platform/db/atomic.ts'
import type { Deps } from '../../platform/deps.ts'
import { isDuplicateKeyError } from '../../platform/errors.ts'
import { withLease } from '../../platform/jobs/lease.ts'
import { BULK_PRIORITY, cancelQueued, enqueueMessage } from '../../platform/outbox/outbox.ts'
import { openDeliveries, optedOutAmong, runOutboxFilter, runOutboxStates, settle, settleDeliveries, type OpenDelivery, type OutboxState, type RunGate } from './deliveries.ts'
import { BatchedSets } from '../../platform/db/batched-sets.ts'
import { broadcastModel, deliveryModel, outboxKeyOf, runModel, type BroadcastDoc, type RunDoc } from './model.ts'
import { allowedFrom, isQuiet } from './quiet-hours.ts'
import { nextOccurrence } from './recurrence.ts'

/** Writes a run's delivery rows (idempotently: a re-plan after a crash adds only what is missing). */
export type RunPlanner = (deps: Deps, run: RunDoc, now: Date) => Promise<void>
export type RunPlanners = Record<RunDoc['kind'], RunPlanner>

export interface DriveOptions {
  planners: RunPlanners
  /** How long a driver's lease lasts unrenewed: how soon another instance takes over a crashed one's run. */
  leaseTtlMs?: number
  /** The outbox holds at most this many minutes of an account's sending per run; the rest waits in the delivery rows. */
  lookaheadMinutes?: number
}

const ENQUEUE_BATCH = 250

const leaseKeyOf = (run: RunDoc) => (run.broadcastId ? `broadcast:${run.broadcastId}` : `care-run:${run._id}`)

/** May this run send now? Care runs always may; a broadcast's run follows the broadcast. */
export async function gateOf(deps: Pick<Deps, 'db'>, run: Pick<RunDoc, 'broadcastId'>): Promise<RunGate> {
  if (!run.broadcastId) return 'go'
  const broadcast = await broadcastModel(deps.db).findById(run.broadcastId, { status: 1 }).lean<Pick<BroadcastDoc, 'status'>>()
  if (!broadcast || broadcast.status === 'cancelled') return 'cancelled'
  return broadcast.status === 'paused' ? 'paused' : 'go'
}

/**
 * Stops a run's sending at once (pause, cancel): what is still queued in the outbox is cancelled
 * (a row already `sending` goes on — the call is under way), and the deliveries say so. Safe to
 * repeat and to run beside a dispatcher: one that enqueues after this re-reads the gate and
 * cancels what it just added.
 */
export async function haltRun(deps: Pick<Deps, 'db' | 'clock'>, runId: string, gate: Exclude<RunGate, 'go'>): Promise<void> {
  // By key prefix: it reaches rows whose delivery row does not say `queued` (yet).
  await cancelQueued(deps.db, runOutboxFilter(runId))
  await settleDeliveries(deps, runId, gate)
  const halted = gate === 'paused' ? ['planned'] : ['planned', 'paused']
  await deliveryModel(deps.db).updateMany(
    { runId, status: { $in: halted } },
    { $set: gate === 'paused' ? { status: 'paused' } : { status: 'cancelled', reason: 'broadcast_cancelled', settledAt: deps.clock.now() } },
  )
}

/**
 * After a resume: a paused delivery goes back to `planned` — under a NEW outbox key if its old
 * row was cancelled (it never reached `sending`, so it was never sent), under the same key if it
 * never got into the outbox. A row that went out anyway is followed as queued.
 *
 * Re-keying only ever follows an existing (cancelled) row, so a driver that lost its lease and
 * still enqueues the old key hits that row's unique key and sends nothing.
 */
async function requeuePaused(deps: Pick<Deps, 'db'>, runId: string, rows: OpenDelivery[], states: Map<string, OutboxState>): Promise<void> {
  const Delivery = deliveryModel(deps.db)
  for (const delivery of rows) {
    if (delivery.status !== 'paused') continue
    const state = states.get(delivery.outboxKey!)
    let set: Partial<OpenDelivery>
    if (!state) set = { status: 'planned' }
    else if (state.status === 'cancelled') {
      const attempt = delivery.attempt + 1 // the same on every instance: two drivers make one outbox row
      set = { status: 'planned', attempt, outboxKey: outboxKeyOf(runId, delivery.memberId, attempt) }
    } else set = { status: 'queued' }
    await Delivery.updateOne({ _id: delivery._id }, { $set: set })
    Object.assign(delivery, set)
  }
}

interface EnqueueContext {
  run: RunDoc
  rows: OpenDelivery[]
  inFlight: Map<string, number>
  lost: AbortSignal
  lookaheadMinutes: number
}

/**
 * Hands the next planned deliveries to the outbox: per account at most `lookahead` minutes of
 * sending, so a large run spreads over the allowed window at the account's pace (the outbox
 * paces) and a pause has little to take back. A message whose turn would fall in QUIET_HOURS
 * waits (notBefore) for the window's end.
 */
async function enqueuePlanned(deps: Deps, { run, rows, inFlight, lost, lookaheadMinutes }: EnqueueContext): Promise<number> {
  const perMinute = deps.config.SEND_RATE_PER_MINUTE
  const cap = Math.max(50, perMinute * lookaheadMinutes)
  const room = new Map<string, number>()
  const due = rows.filter((delivery) => {
    if (delivery.status !== 'planned') return false
    const left = room.get(delivery.account!) ?? cap - (inFlight.get(delivery.account!) ?? 0)
    room.set(delivery.account!, left - 1)
    return left > 0
  })
  const origin = run.kind === 'care' ? 'care' : 'broadcast'
  const intervalMs = 60_000 / perMinute
  const batches = Array.from({ length: Math.ceil(due.length / ENQUEUE_BATCH) }, (_, i) => due.slice(i * ENQUEUE_BATCH, (i + 1) * ENQUEUE_BATCH))
  let enqueued = 0
  let handed: OpenDelivery[] = []
  for (let i = 0; i <= batches.length; i++) {
    const batch = batches[i] ?? []
    // One read of the members serves both: the check right before enqueueing this batch, and the
    // re-check after enqueueing the last one (see recheckAfterEnqueue).
    const unreachable = await optedOutAmong(deps, [...handed, ...batch].map((d) => d.memberId))
    if (!(await recheckAfterEnqueue(deps, run, handed, unreachable))) return enqueued
    handed = []
    // Each row written one by one would cost a scan of the deliveries on FerretDB: one write per kind of change per batch.
    const marks = new BatchedSets()
    const batchAt = deps.clock.now()
    try {
      for (const delivery of batch) {
        if (lost.aborted) return enqueued // another instance has taken this run over
        if (unreachable.has(String(delivery.memberId))) {
          marks.add(delivery._id, { status: 'skipped', reason: 'opted_out', settledAt: batchAt })
          continue
        }
        const position = inFlight.get(delivery.account!) ?? 0
        inFlight.set(delivery.account!, position + 1)
        const now = deps.clock.now()
        const windowStart = allowedFrom(now, deps.config.QUIET_HOURS)
        const turn = new Date(windowStart.getTime() + position * intervalMs)
        const notBefore = isQuiet(turn, deps.config.QUIET_HOURS) ? allowedFrom(turn, deps.config.QUIET_HOURS) : windowStart > now ? windowStart : null
        await enqueueMessage(deps.db, {
          key: delivery.outboxKey!,
          channel: delivery.channel!,
          account: delivery.account!,
          recipient: delivery.recipient!,
          text: delivery.text,
          // One row, one key: the channel sends the text, then the attachment, as one unit.
          attachment: delivery.attachmentStatus === 'with_text' && delivery.attachment ? delivery.attachment : undefined,
          origin,
          priority: BULK_PRIORITY,
          conversationId: delivery.conversationId ?? undefined,
          memberId: delivery.memberId,
          notBefore: notBefore ?? undefined,
        })
        // A crash before the write below leaves the row planned: the next drive enqueues it again under
        // the same key, which the outbox answers with the row it has. A pause that marked it paused
        // meanwhile is caught by the re-check, which cancels the outbox row again.
        marks.add(delivery._id, { status: 'queued', notBefore })
        handed.push(delivery)
        enqueued++
      }
    } finally {
      await marks.write(deliveryModel(deps.db))
    }
  }
  return enqueued
}

/**
 * Closes the races a read-then-write leaves open on a database without transactions. An opt-out
 * writes the member, then cancels queued rows; a pause writes the broadcast, then cancels: so
 * whichever of us or them came second sees the other's write — here we re-read after enqueueing.
 * Answers false when the run must stop.
 */
async function recheckAfterEnqueue(deps: Pick<Deps, 'db' | 'clock'>, run: RunDoc, handed: OpenDelivery[], unreachable: Set<string>): Promise<boolean> {
  if (!handed.length) return true
  const gate = await gateOf(deps, run)
  if (gate !== 'go') {
    await haltRun(deps, run._id, gate)
    return false
  }
  const optedOut = handed.filter((d) => unreachable.has(String(d.memberId)))
  if (optedOut.length) {
    await cancelQueued(deps.db, { key: { $in: optedOut.map((d) => d.outboxKey!) } })
    await settleDeliveries(deps, run._id, gate)
  }
  return true
}

/** A run with nothing left to send is done; its broadcast completes, or waits for its next occurrence. */
async function finishIfDone(deps: Pick<Deps, 'db' | 'clock'>, run: RunDoc, rows: OpenDelivery[]): Promise<boolean> {
  if (rows.some((d) => d.status === 'planned' || d.status === 'queued' || d.status === 'paused')) return false
  const now = deps.clock.now()
  const done = await transition<RunDoc>(deps.db, runModel(deps.db), run._id, (r) => r.status === 'sending', () => ({ $set: { status: 'done', finishedAt: now } }))
  if (done && run.broadcastId) {
    await transition<BroadcastDoc>(deps.db, broadcastModel(deps.db), run.broadcastId, (b) => b.status === 'running' && b.currentRunId === run._id, (b) =>
      b.recurrence
        ? // At most one catch-up after a long pause: the next occurrence counts from now.
          { $set: { status: 'scheduled', nextRunAt: nextOccurrence(b.recurrence, new Date(Math.max(now.getTime(), run.occurrenceAt.getTime()) + 60_000)), finishedAt: now } }
        : { $set: { status: 'completed', finishedAt: now } },
    )
  }
  return true
}

export interface DriveResult {
  runId: string
  outcome: 'held_elsewhere' | 'planned' | 'sending' | 'halted' | 'done' | 'cancelled' | 'idle'
  enqueued: number
}

/**
 * Moves one run forward under its lease (`broadcast:<id>` or `care-run:<runId>`): plans it if
 * planning was cut short, mirrors the outbox into its deliveries, re-enqueues what a resume
 * released, enqueues the next share, and finishes it. A crashed holder's lease runs out and the
 * next dispatcher anywhere carries on; every step is safe to repeat. The run's open deliveries
 * and its outbox rows are read once per drive (FerretDB scans for anything but an _id).
 */
export async function driveRun(deps: Deps, runId: string, options: DriveOptions): Promise<DriveResult> {
  const { leaseTtlMs = 60_000, lookaheadMinutes = 10 } = options
  const first = await runModel(deps.db).findById(runId).lean<RunDoc>()
  if (!first) return { runId, outcome: 'idle', enqueued: 0 }
  const outcome = await withLease(deps, leaseKeyOf(first), leaseTtlMs, async (lost): Promise<DriveResult> => {
    let run = (await runModel(deps.db).findById(runId).lean<RunDoc>())!
    const Run = runModel(deps.db)
    const gate = await gateOf(deps, run)
    if (gate === 'cancelled' && (run.status === 'planning' || run.status === 'sending')) {
      await haltRun(deps, run._id, 'cancelled')
      await transition<RunDoc>(deps.db, Run, run._id, (r) => r.status === 'planning' || r.status === 'sending', () => ({ $set: { status: 'cancelled', finishedAt: deps.clock.now() } }))
      return { runId, outcome: 'cancelled', enqueued: 0 }
    }
    if (run.status === 'planning') {
      await options.planners[run.kind](deps, run, deps.clock.now())
      run = (await transition<RunDoc>(deps.db, Run, run._id, (r) => r.status === 'planning', () => ({ $set: { status: 'sending', plannedAt: deps.clock.now() } }))) ?? run
    }
    if (run.status !== 'sending') return { runId, outcome: 'idle', enqueued: 0 }
    if (gate === 'paused') {
      await haltRun(deps, run._id, 'paused')
      return { runId, outcome: 'halted', enqueued: 0 }
    }
    const rows = await openDeliveries(deps, run._id)
    const states = rows.some((d) => d.status !== 'planned') ? await runOutboxStates(deps, run._id) : new Map<string, OutboxState>()
    const inFlight = await settle(deps, rows, states, gate)
    await requeuePaused(deps, run._id, rows, states)
    const enqueued = await enqueuePlanned(deps, { run, rows, inFlight, lost, lookaheadMinutes })
    if (lost.aborted) return { runId, outcome: 'sending', enqueued }
    return { runId, outcome: (await finishIfDone(deps, run, rows)) ? 'done' : 'sending', enqueued }
  })
  return outcome.acquired ? outcome.value : { runId, outcome: 'held_elsewhere', enqueued: 0 }
}

/** Opens a run (natural key: a second instance opening the same run finds it there). */
export async function openRun(deps: Pick<Deps, 'db'>, run: Omit<RunDoc, 'status' | 'rev' | 'plannedAt' | 'finishedAt'>): Promise<void> {
  try {
    await runModel(deps.db).create({ ...run, status: 'planning' })
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
  }
}

/** Starts every scheduled broadcast that is due: one run per occurrence, whichever instance gets there first. */
export async function startDueBroadcasts(deps: Pick<Deps, 'db' | 'clock'>, now: Date): Promise<number> {
  const Broadcast = broadcastModel(deps.db)
  let started = 0
  for (const due of await Broadcast.find({ status: 'scheduled', nextRunAt: { $lte: now } }).lean<BroadcastDoc[]>()) {
    const occurrenceAt = due.nextRunAt!
    const runId = `b:${due._id}:${occurrenceAt.toISOString()}`
    await openRun(deps, { _id: runId, kind: 'broadcast', broadcastId: due._id as Types.ObjectId, day: businessDay(now), occurrenceAt, createdAt: now })
    const running = await transition<BroadcastDoc>(deps.db, Broadcast, due._id, (b) => b.status === 'scheduled' && b.nextRunAt?.getTime() === occurrenceAt.getTime(), (b) => ({
      $set: { status: 'running', currentRunId: runId, nextRunAt: null, startedAt: b.startedAt ?? now, finishedAt: null },
    }))
    if (running) started++
  }
  return started
}

/** The dispatcher's tick: start what is due, then drive every open run (broadcasts and care days). */
export async function dispatchRuns(deps: Deps, now: Date, options: DriveOptions) {
  const started = await startDueBroadcasts(deps, now)
  const runs = await runModel(deps.db).find({ status: { $in: ['planning', 'sending'] } }, { _id: 1 }).sort({ createdAt: 1 }).lean<Array<{ _id: string }>>()
  const results: DriveResult[] = []
  for (const { _id } of runs) results.push(await driveRun(deps, _id, options))
  return {
    started,
    driven: results.filter((r) => r.outcome !== 'held_elsewhere').length,
    enqueued: results.reduce((sum, r) => sum + r.enqueued, 0),
    finished: results.filter((r) => r.outcome === 'done' || r.outcome === 'cancelled').length,
  }
}
