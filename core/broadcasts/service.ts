import { Types } from 'mongoose'
import { businessDay } from '../../platform/clock.ts'
import { transition } from '../../platform/db/atomic.ts'
import type { Deps } from '../../platform/deps.ts'
import { AppError, conflict, notFound } from '../../platform/errors.ts'
import type { StaffPrincipal } from '../staff/service.ts'
import { audienceFilter, clinicNames, countMembers } from './audience.ts'
import { deliveryCounts, settleDeliveries, type RunGate } from './deliveries.ts'
import { gateOf, haltRun } from './dispatch.ts'
import { broadcastModel, deliveryModel, runModel, type BroadcastDoc, type BroadcastStatus, type DeliveryDoc, type RunDoc } from './model.ts'
import { channelCarries, draftFor } from './plan.ts'
import { firstRunAt } from './recurrence.ts'
import { forEachMemberChunkWithConversations } from './routing.ts'
import type { BroadcastView, CreateBroadcastInput, DeliveryView, PreviewView } from './schemas.ts'

const iso = (at: Date | null | undefined) => at?.toISOString() ?? null
const SAMPLE_COUNT = 3

async function loadBroadcast(deps: Pick<Deps, 'db'>, id: string): Promise<BroadcastDoc> {
  const doc = Types.ObjectId.isValid(id) && /^[0-9a-f]{24}$/i.test(id) ? await broadcastModel(deps.db).findById(id).lean<BroadcastDoc>() : null
  if (!doc) throw notFound('broadcast_not_found', 'No such broadcast.')
  return doc
}

function listItem(doc: BroadcastDoc) {
  return {
    id: String(doc._id),
    name: doc.name,
    status: doc.status,
    text: doc.text,
    variantB: doc.variantB ? { text: doc.variantB.text } : null,
    attachment: doc.attachment ?? null,
    audience: doc.audience ?? {},
    sendAt: iso(doc.sendAt),
    recurrence: doc.recurrence ? { weekday: doc.recurrence.weekday, time: doc.recurrence.time } : null,
    nextRunAt: iso(doc.nextRunAt),
    audienceCount: doc.audienceCount,
    approvalRequired: doc.approvalRequired,
    createdBy: doc.createdBy,
    createdByName: doc.createdByName,
    approvedBy: doc.approvedBy,
    createdAt: doc.createdAt.toISOString(),
    startedAt: iso(doc.startedAt),
    finishedAt: iso(doc.finishedAt),
  }
}

const gateOfStatus = (status: BroadcastStatus): RunGate => (status === 'paused' ? 'paused' : status === 'cancelled' ? 'cancelled' : 'go')

export async function createBroadcast(deps: Pick<Deps, 'db' | 'clock'>, input: CreateBroadcastInput, staff: StaffPrincipal) {
  const now = deps.clock.now()
  const audienceCount = await countMembers(deps, audienceFilter(input.audience, businessDay(input.sendAt ?? now)))
  const doc = await broadcastModel(deps.db).create({
    name: input.name,
    text: input.text,
    variantB: input.variantB ?? null,
    attachment: input.attachment ?? null,
    audience: input.audience,
    sendAt: input.sendAt ?? null,
    recurrence: input.recurrence ?? null,
    status: 'draft',
    audienceCount,
    createdBy: staff.id,
    createdByName: staff.name,
    createdAt: now,
  })
  return { id: String(doc._id), status: 'draft' as const, audienceCount }
}

/** The broadcast with the progress of its current (or last) run, counted from the delivery rows. */
export async function getBroadcast(deps: Pick<Deps, 'db'>, id: string): Promise<BroadcastView> {
  const doc = await loadBroadcast(deps, id)
  const counts = await deliveryCounts(deps, doc.currentRunId, gateOfStatus(doc.status))
  return { ...listItem(doc), runId: doc.currentRunId, ...counts }
}

export async function listBroadcasts(deps: Pick<Deps, 'db'>, query: { status?: BroadcastStatus; limit: number; offset: number }) {
  const filter = query.status ? { status: query.status } : {}
  const Broadcast = broadcastModel(deps.db)
  const [docs, total] = await Promise.all([Broadcast.find(filter).sort({ createdAt: -1 }).skip(query.offset).limit(query.limit).lean<BroadcastDoc[]>(), Broadcast.countDocuments(filter)])
  // The figures ride with the list: the console asks once, not once per broadcast.
  const items = await Promise.all(
    docs.map(async (doc) => ({
      ...listItem(doc),
      progress: doc.currentRunId ? { runId: doc.currentRunId, ...(await deliveryCounts(deps, doc.currentRunId, gateOfStatus(doc.status))) } : null,
    })),
  )
  return { items, total }
}

/**
 * What scheduling it now would do: the audience, each channel's planned routes (and, with an
 * attachment, whether the channel carries it and who gets the text alone), and a few texts as
 * members will read them.
 */
export async function previewBroadcast(deps: Pick<Deps, 'db' | 'clock'>, id: string): Promise<PreviewView> {
  const broadcast = await loadBroadcast(deps, id)
  const attachment = broadcast.attachment ?? null
  const now = deps.clock.now()
  const clinics = await clinicNames(deps)
  const routes = { send: 0, massTask: 0, skip: 0, textOnly: 0, skipReasons: {} as Record<string, number> }
  type ChannelPreview = PreviewView['channels'][number]
  const channels = new Map<string, ChannelPreview>()
  const samples: PreviewView['samples'] = []
  let audienceCount = 0
  await forEachMemberChunkWithConversations(deps, audienceFilter(broadcast.audience, businessDay(broadcast.sendAt && broadcast.sendAt > now ? broadcast.sendAt : now)), async (members, conversations) => {
    for (const member of members) {
      audienceCount++
      const draft = draftFor(broadcast, member, conversations.get(String(member._id)) ?? [], clinics, now)
      const channel = draft.channel ?? 'none'
      const perChannel = channels.get(channel) ?? { channel, send: 0, massTask: 0, skip: 0, textOnly: 0, carriesAttachment: attachment ? true : null }
      channels.set(channel, perChannel)
      // Every conversation seen on the channel counts, skipped ones too: "does this channel carry it".
      if (attachment && !channelCarries(draft.channel, draft.account, attachment)) perChannel.carriesAttachment = false
      if (draft.attachmentStatus === 'text_only') routes.textOnly++, perChannel.textOnly++
      if (draft.route === 'send') routes.send++, perChannel.send++
      else if (draft.route === 'mass_task') routes.massTask++, perChannel.massTask++
      else {
        routes.skip++
        perChannel.skip++
        routes.skipReasons[draft.skipReason!] = (routes.skipReasons[draft.skipReason!] ?? 0) + 1
      }
      const sample = { memberId: String(member._id), name: member.name, variant: draft.variant, route: draft.route, channel: draft.channel, text: draft.text }
      if (samples.length < SAMPLE_COUNT) samples.push(sample)
      else if (draft.variant && !samples.some((s) => s.variant === draft.variant)) samples[SAMPLE_COUNT - 1] = sample // show both variants of an A/B test
    }
  })
  return { audienceCount, attachment, routes, channels: [...channels.values()], samples }
}

/** draft → scheduled, or awaiting_approval when the audience is larger than BROADCAST_APPROVAL_THRESHOLD. */
export async function scheduleBroadcast(deps: Pick<Deps, 'db' | 'clock' | 'config'>, id: string, staff: StaffPrincipal): Promise<BroadcastView> {
  const broadcast = await loadBroadcast(deps, id)
  const now = deps.clock.now()
  const audienceCount = await countMembers(deps, audienceFilter(broadcast.audience, businessDay(broadcast.sendAt && broadcast.sendAt > now ? broadcast.sendAt : now)))
  const approvalRequired = audienceCount > deps.config.BROADCAST_APPROVAL_THRESHOLD
  const scheduled = await transition<BroadcastDoc>(deps.db, broadcastModel(deps.db), broadcast._id, (b) => b.status === 'draft', (b) => ({
    $set: {
      status: approvalRequired ? 'awaiting_approval' : 'scheduled',
      audienceCount,
      approvalRequired,
      scheduledBy: staff.id,
      scheduledAt: now,
      nextRunAt: approvalRequired ? null : firstRunAt(b.sendAt, b.recurrence, now),
    },
  }))
  if (!scheduled) throw conflict('broadcast_not_draft', `Only a draft can be scheduled; this broadcast is ${(await loadBroadcast(deps, id)).status}.`)
  return getBroadcast(deps, id)
}

/** Four eyes: a large broadcast goes out only when a second marketing or admin account approves it. */
export async function approveBroadcast(deps: Pick<Deps, 'db' | 'clock'>, id: string, staff: StaffPrincipal): Promise<BroadcastView> {
  const broadcast = await loadBroadcast(deps, id)
  if (broadcast.createdBy === staff.id || broadcast.scheduledBy === staff.id) throw new AppError('approval_by_self', 403, 'A broadcast must be approved by someone other than the person who created or scheduled it.')
  const now = deps.clock.now()
  const approved = await transition<BroadcastDoc>(deps.db, broadcastModel(deps.db), broadcast._id, (b) => b.status === 'awaiting_approval', (b) => ({
    $set: { status: 'scheduled', approvedBy: staff.id, approvedAt: now, nextRunAt: firstRunAt(b.sendAt, b.recurrence, now) },
  }))
  if (!approved) throw conflict('broadcast_not_awaiting_approval', `This broadcast is ${(await loadBroadcast(deps, id)).status}, not awaiting approval.`)
  return getBroadcast(deps, id)
}

async function activeRun(deps: Pick<Deps, 'db'>, broadcast: BroadcastDoc): Promise<RunDoc | null> {
  if (!broadcast.currentRunId) return null
  const run = await runModel(deps.db).findById(broadcast.currentRunId).lean<RunDoc>()
  return run && (run.status === 'planning' || run.status === 'sending') ? run : null
}

/** Stops sending at once: what is still queued in the outbox is cancelled, the rest of the run waits. */
export async function pauseBroadcast(deps: Pick<Deps, 'db' | 'clock'>, id: string): Promise<BroadcastView> {
  const broadcast = await loadBroadcast(deps, id)
  const paused = await transition<BroadcastDoc>(deps.db, broadcastModel(deps.db), broadcast._id, (b) => b.status === 'scheduled' || b.status === 'running', () => ({
    $set: { status: 'paused', pausedAt: deps.clock.now() },
  }))
  if (!paused) throw conflict('broadcast_not_pausable', `Only a scheduled or running broadcast can be paused; this one is ${(await loadBroadcast(deps, id)).status}.`)
  const run = await activeRun(deps, paused)
  if (run) await haltRun(deps, run._id, 'paused')
  return getBroadcast(deps, id)
}

/** Sending goes on from where it stopped: the dispatcher re-enqueues the paused deliveries (new keys; only those never sent). */
export async function resumeBroadcast(deps: Pick<Deps, 'db' | 'clock'>, id: string): Promise<BroadcastView> {
  const broadcast = await loadBroadcast(deps, id)
  const run = await activeRun(deps, broadcast)
  const now = deps.clock.now()
  const resumed = await transition<BroadcastDoc>(deps.db, broadcastModel(deps.db), broadcast._id, (b) => b.status === 'paused', (b) => ({
    $set: run ? { status: 'running', pausedAt: null } : { status: 'scheduled', pausedAt: null, nextRunAt: b.nextRunAt ?? firstRunAt(b.sendAt, b.recurrence, now) },
  }))
  if (!resumed) throw conflict('broadcast_not_paused', `Only a paused broadcast can be resumed; this one is ${(await loadBroadcast(deps, id)).status}.`)
  return getBroadcast(deps, id)
}

/** Ends it for good: nothing more is sent, what is queued is taken back. */
export async function cancelBroadcast(deps: Pick<Deps, 'db' | 'clock'>, id: string, staff: StaffPrincipal): Promise<BroadcastView> {
  const broadcast = await loadBroadcast(deps, id)
  const now = deps.clock.now()
  const cancelled = await transition<BroadcastDoc>(deps.db, broadcastModel(deps.db), broadcast._id, (b) => b.status !== 'completed' && b.status !== 'cancelled', () => ({
    $set: { status: 'cancelled', cancelledAt: now, cancelledBy: staff.id, nextRunAt: null, finishedAt: now },
  }))
  if (!cancelled) throw conflict('broadcast_finished', `This broadcast is already ${(await loadBroadcast(deps, id)).status}.`)
  const run = await activeRun(deps, cancelled)
  if (run) {
    await haltRun(deps, run._id, 'cancelled')
    await transition<RunDoc>(deps.db, runModel(deps.db), run._id, (r) => r.status === 'planning' || r.status === 'sending', () => ({ $set: { status: 'cancelled', finishedAt: now } }))
  }
  return getBroadcast(deps, id)
}

function presentDelivery(doc: DeliveryDoc): DeliveryView {
  return {
    id: doc._id,
    runId: doc.runId,
    memberId: String(doc.memberId),
    memberName: doc.memberName,
    channel: doc.channel,
    route: doc.route,
    status: doc.status,
    reason: doc.reason,
    variant: doc.variant ?? null,
    text: doc.text,
    attachment: doc.attachment ?? null,
    attachmentStatus: doc.attachmentStatus ?? null,
    attachmentReason: doc.attachmentReason ?? null,
    notBefore: iso(doc.notBefore),
    settledAt: iso(doc.settledAt),
  }
}

/** A broadcast's deliveries over all its runs, e.g. the `uncertain` ones staff should check with the customer. */
export async function listDeliveries(deps: Pick<Deps, 'db' | 'clock'>, id: string, query: { status?: DeliveryDoc['status']; limit: number; offset: number }) {
  const broadcast = await loadBroadcast(deps, id)
  // Bring the rows up to date with the outbox first (the dispatcher does it every minute; staff should not wait for it).
  const run = await activeRun(deps, broadcast)
  if (run) await settleDeliveries(deps, run._id, await gateOf(deps, run))
  const filter: Record<string, unknown> = { broadcastId: broadcast._id }
  if (query.status) filter.status = query.status
  const Delivery = deliveryModel(deps.db)
  const [docs, total] = await Promise.all([Delivery.find(filter).sort({ _id: 1 }).skip(query.offset).limit(query.limit).lean<DeliveryDoc[]>(), Delivery.countDocuments(filter)])
  return { items: docs.map(presentDelivery), total }
}
