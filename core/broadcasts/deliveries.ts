import type { Types } from 'mongoose'
import type { Deps } from '../../platform/deps.ts'
import { outboxModel } from '../../platform/outbox/model.ts'
import { BatchedSets } from '../../platform/db/batched-sets.ts'
import { insertNew, type InsertTarget } from '../../platform/db/insert-new.ts'
import { memberModel } from '../members/model.ts'
import { deliveryId, deliveryModel, outboxKeyOf, type AttachmentStatus, type DeliveryDoc, type DeliveryStatus, type RunDoc } from './model.ts'
import type { MessageAttachment } from '../../platform/outbox/model.ts'
import type { PlannedRoute } from './routing.ts'

/** What a planner decides for one recipient; the row is written once, keyed (runId, memberId). */
export interface DeliveryDraft extends PlannedRoute {
  memberId: Types.ObjectId
  memberName: string
  variant: 'A' | 'B' | null
  programmes: string[]
  text: string
  /** A broadcast's image or mini-program card (care greetings have none). */
  attachment?: MessageAttachment | null
  attachmentStatus?: AttachmentStatus | null
  attachmentReason?: string | null
}

/** Whether a broadcast's runs may go on: care runs always do. */
export type RunGate = 'go' | 'paused' | 'cancelled'

/**
 * Writes the planned rows; rows planned before (a re-plan after a crash, a second instance) stay as
 * they were. The rows are built whole here (every schema default included), so they go straight to
 * the driver: mongoose's per-row casting and validation was a fifth of planning's time.
 */
export async function insertDeliveries(deps: Pick<Deps, 'db'>, run: RunDoc, drafts: DeliveryDraft[], now: Date): Promise<number> {
  if (!drafts.length) return 0
  const rows = drafts.map((draft) => ({
    _id: deliveryId(run._id, draft.memberId),
    runId: run._id,
    kind: run.kind,
    broadcastId: run.broadcastId ?? null,
    memberId: draft.memberId,
    memberName: draft.memberName,
    variant: draft.variant,
    programmes: draft.programmes,
    route: draft.route,
    channel: draft.channel,
    account: draft.account,
    recipient: draft.recipient,
    conversationId: draft.conversationId,
    text: draft.text,
    attachment: draft.attachment ?? null,
    attachmentStatus: draft.attachmentStatus ?? null,
    attachmentReason: draft.attachmentReason ?? null,
    attempt: 0,
    outboxKey: draft.route === 'skip' ? null : outboxKeyOf(run._id, draft.memberId, 0),
    notBefore: null,
    status: draft.route === 'skip' ? 'skipped' : 'planned',
    reason: draft.skipReason,
    createdAt: now,
    settledAt: null,
  }))
  return (await insertNew(deliveryModel(deps.db).collection as unknown as InsertTarget<(typeof rows)[number]>, rows)).length
}

/**
 * Writes a planner's rows a chunk at a time with one chunk's write in flight while the planner reads
 * and drafts the next: on FerretDB the reads (a scan of the members, one of the conversations) and
 * the writes are both the database's work, and it does them side by side. `done` waits for the last
 * write and throws the first failure. Crash-safe as `insertDeliveries` is: a re-plan adds what is missing.
 */
export function deliveryWriter(deps: Pick<Deps, 'db'>, run: RunDoc, now: Date) {
  let inFlight: Promise<void> = Promise.resolve()
  let failure: unknown = null
  let written = 0
  return {
    async write(drafts: DeliveryDraft[]): Promise<void> {
      await inFlight
      if (failure) throw failure
      // Caught here, so a failure while the planner reads on is not an unhandled rejection.
      inFlight = insertDeliveries(deps, run, drafts, now).then((n) => void (written += n), (err: unknown) => void (failure ??= err))
    },
    async done(): Promise<number> {
      await inFlight
      if (failure) throw failure
      return written
    },
  }
}

export interface OutboxState {
  status: string
  lastError: string | null
  account: string
  /** The text went out, the attachment did not. */
  attachmentError: string | null
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Every outbox row of a run, whatever the attempt (keys `delivery:<runId>:…`; a prefix the key index serves on MongoDB). */
export const runOutboxFilter = (runId: string) => ({ key: { $regex: `^${escapeRegex(`delivery:${runId}:`)}` } })

/**
 * The outbox rows of a run by key (FerretDB has no $lookup: joined in code). One query by key
 * prefix rather than `$in` thousands of keys: FerretDB scans either way, and a prefix is one test per row.
 */
export async function runOutboxStates(deps: Pick<Deps, 'db'>, runId: string): Promise<Map<string, OutboxState>> {
  const rows = await outboxModel(deps.db)
    .find(runOutboxFilter(runId), { key: 1, status: 1, lastError: 1, account: 1, attachmentError: 1 })
    .lean<Array<{ key: string; status: string; lastError?: string | null; account: string; attachmentError?: string | null }>>()
  return new Map(rows.map((row) => [row.key, { status: row.status, lastError: row.lastError ?? null, account: row.account, attachmentError: row.attachmentError ?? null }]))
}

const TERMINAL_OUTBOX = new Set(['sent', 'failed', 'uncertain'])

/** What an outbox row's final state means for a delivery: for a 客户联系 mass task, "sent" is "handed to WeCom". */
const settledAs = (route: DeliveryDoc['route'], outboxStatus: string): DeliveryStatus =>
  route === 'mass_task' && outboxStatus === 'sent' ? 'mass_task' : (outboxStatus as DeliveryStatus)

/** A delivery's status as of now: its own, or for one handed to the outbox, the outbox row's. */
export function effectiveStatus(delivery: Pick<DeliveryDoc, 'status' | 'route'>, outbox: OutboxState | undefined, gate: RunGate): DeliveryStatus | 'sending' {
  if (delivery.status !== 'queued' || !outbox) return delivery.status
  if (TERMINAL_OUTBOX.has(outbox.status)) return settledAs(delivery.route, outbox.status)
  if (outbox.status === 'sending') return 'sending'
  if (outbox.status === 'cancelled') return gate === 'paused' ? 'paused' : 'cancelled'
  return 'queued'
}

/** The fields a drive works with. */
export type OpenDelivery = Pick<DeliveryDoc, '_id' | 'status' | 'route' | 'outboxKey' | 'attempt' | 'memberId' | 'account' | 'channel' | 'recipient' | 'conversationId' | 'text' | 'attachment' | 'attachmentStatus'>
const OPEN_FIELDS = { status: 1, route: 1, outboxKey: 1, attempt: 1, memberId: 1, account: 1, channel: 1, recipient: 1, conversationId: 1, text: 1, attachment: 1, attachmentStatus: 1 }

/** A run's deliveries that may still change, in _id (member) order: one query per drive. */
export async function openDeliveries(deps: Pick<Deps, 'db'>, runId: string, statuses: DeliveryStatus[] = ['planned', 'queued', 'paused']): Promise<OpenDelivery[]> {
  return deliveryModel(deps.db).find({ runId, status: { $in: statuses } }, OPEN_FIELDS).sort({ _id: 1 }).lean<OpenDelivery[]>()
}

/**
 * Mirrors the outbox into the delivery rows (and into `rows`, in memory): sent, failed and
 * uncertain are copied — the outbox state is the truth, even for a row paused or cancelled
 * meanwhile; a row the outbox cancelled becomes skipped (the member opted out), cancelled (the
 * broadcast was) or paused (to be re-enqueued on resume: it never reached `sending`).
 * Answers the rows still in flight per account.
 */
export async function settle(deps: Pick<Deps, 'db' | 'clock'>, rows: OpenDelivery[], states: Map<string, OutboxState>, gate: RunGate): Promise<Map<string, number>> {
  const cancelledQueued = rows.filter((d) => d.status === 'queued' && states.get(d.outboxKey!)?.status === 'cancelled')
  const optedOut = await optedOutAmong(deps, cancelledQueued.map((d) => d.memberId))
  const inFlight = new Map<string, number>()
  const now = deps.clock.now()
  const marks = new BatchedSets()
  for (const delivery of rows) {
    if (delivery.route === 'skip' || !['queued', 'paused', 'cancelled'].includes(delivery.status)) continue
    const state = states.get(delivery.outboxKey!)
    let set: Record<string, unknown> | null = null
    if (state && TERMINAL_OUTBOX.has(state.status)) {
      set = { status: settledAs(delivery.route, state.status), reason: state.lastError, settledAt: now }
      // The text went out, the attachment did not: shown on the delivery, never resent.
      if (state.attachmentError) Object.assign(set, { attachmentStatus: 'failed', attachmentReason: state.attachmentError })
    }
    else if (delivery.status === 'queued' && state?.status === 'cancelled') {
      const [status, reason] = optedOut.has(String(delivery.memberId)) ? ['skipped', 'opted_out'] : gate === 'cancelled' ? ['cancelled', 'broadcast_cancelled'] : ['paused', null]
      set = { status, reason, settledAt: status === 'paused' ? null : now }
    } else if (delivery.status === 'queued') inFlight.set(delivery.account!, (inFlight.get(delivery.account!) ?? 0) + 1) // waiting, being sent, or being enqueued
    if (set) {
      // Unguarded, by _id: a terminal outbox state never changes, and only a paused delivery is ever
      // re-keyed, later in the same drive.
      marks.add(delivery._id, set)
      delivery.status = set.status as DeliveryStatus
    }
  }
  await marks.write(deliveryModel(deps.db))
  return inFlight
}

/** Loads and settles a run's deliveries that may still change (pause, cancel, the deliveries list). */
export async function settleDeliveries(deps: Pick<Deps, 'db' | 'clock'>, runId: string, gate: RunGate): Promise<void> {
  const rows = await openDeliveries(deps, runId, ['queued', 'paused', 'cancelled'])
  if (rows.length) await settle(deps, rows, await runOutboxStates(deps, runId), gate)
}

/** Member ids (as strings) among these that opted out or are no longer reachable members. */
export async function optedOutAmong(deps: Pick<Deps, 'db'>, memberIds: Types.ObjectId[]): Promise<Set<string>> {
  if (!memberIds.length) return new Set()
  const members = await memberModel(deps.db).find({ _id: { $in: memberIds } }, { optedOut: 1, status: 1 }).lean<Array<{ _id: Types.ObjectId; optedOut?: boolean; status: string }>>()
  const reachable = new Set(members.filter((m) => !m.optedOut && m.status === 'active').map((m) => String(m._id)))
  return new Set(memberIds.map(String).filter((id) => !reachable.has(id)))
}

export interface DeliveryCounts {
  planned: number
  queued: number
  sending: number
  sent: number
  failed: number
  skipped: number
  uncertain: number
  paused: number
  cancelled: number
  massTask: number
  skipReasons: Record<string, number>
  variants: Record<'A' | 'B', { planned: number; sent: number }> | null
}

/** Progress of a run, counted from its delivery rows joined with their outbox rows (live, not only what was settled). */
export async function deliveryCounts(deps: Pick<Deps, 'db'>, runId: string | null, gate: RunGate): Promise<DeliveryCounts> {
  const counts: DeliveryCounts = { planned: 0, queued: 0, sending: 0, sent: 0, failed: 0, skipped: 0, uncertain: 0, paused: 0, cancelled: 0, massTask: 0, skipReasons: {}, variants: null }
  if (!runId) return counts
  const Delivery = deliveryModel(deps.db)
  // One accumulator per $group (FerretDB v1 computes only the first).
  const groups = await Delivery.aggregate<{ _id: { status: DeliveryStatus; variant: 'A' | 'B' | null; reason: string | null }; n: number }>([
    { $match: { runId } },
    { $group: { _id: { status: '$status', variant: '$variant', reason: '$reason' }, n: { $sum: 1 } } },
  ])
  const queued = await Delivery.find({ runId, status: 'queued' }, { status: 1, route: 1, outboxKey: 1, variant: 1 }).lean<Array<Pick<DeliveryDoc, 'status' | 'route' | 'outboxKey' | 'variant'>>>()
  const states = queued.length ? await runOutboxStates(deps, runId) : new Map<string, OutboxState>()
  const tally = (status: DeliveryStatus | 'sending', variant: 'A' | 'B' | null, reason: string | null, n: number) => {
    counts.planned += n
    if (status === 'mass_task') counts.massTask += n
    else if (status === 'planned') counts.queued += n // waiting for its turn in the outbox
    else counts[status] += n
    if (status === 'skipped') counts.skipReasons[reason ?? 'unknown'] = (counts.skipReasons[reason ?? 'unknown'] ?? 0) + n
    if (variant) {
      counts.variants ??= { A: { planned: 0, sent: 0 }, B: { planned: 0, sent: 0 } }
      counts.variants[variant].planned += n
      if (status === 'sent') counts.variants[variant].sent += n
    }
  }
  for (const group of groups) if (group._id.status !== 'queued') tally(group._id.status, group._id.variant ?? null, group._id.reason ?? null, group.n)
  for (const delivery of queued) tally(effectiveStatus(delivery, states.get(delivery.outboxKey!), gate), delivery.variant ?? null, null, 1)
  return counts
}
