import type { Connection, Types } from 'mongoose'
import type { Deps } from '../../platform/deps.ts'
import { conflict, isDuplicateKeyError, notFound } from '../../platform/errors.ts'
import { publishLiveEvent } from '../../platform/live-events.ts'
import { guardedUpdate, transition } from '../../platform/db/atomic.ts'
import { findByKey, keyedObjectId } from '../../platform/db/keyed-id.ts'
import type { OutboxDoc } from '../../platform/outbox/model.ts'
import { notifyStaff, staffOf } from '../notifications/service.ts'
import { handoffIdFor, markEmergency, noteClaim, noteRelease, noteTransfer, openHandoff } from '../quality/handoffs.ts'
import type { StaffPrincipal } from '../staff/service.ts'
import { handoffNoticeCopy } from './copy.ts'
import {
  conversationMessageModel,
  conversationModel,
  type ConversationDoc,
  type ConversationMessageDoc,
  type ConversationStatus,
} from './model.ts'

export interface CustomerRef {
  channel: string
  account: string
  externalId: string
  customerName?: string
  memberId?: Types.ObjectId | string | null
  clinicCode?: string | null
}

/** The conversation's `_id` follows from the customer's channel id, so every inbound message finds it by `_id`. */
export function conversationIdFor(channel: string, externalId: string): Types.ObjectId {
  return keyedObjectId('conversation', `${channel}:${externalId}`)
}

/** The customer's conversation on this channel, or null before their first contact. */
export async function findConversationByCustomer(db: Connection, channel: string, externalId: string): Promise<ConversationDoc | null> {
  return findByKey<ConversationDoc>(conversationModel(db), conversationIdFor(channel, externalId), { channel, externalId })
}

/** The customer's conversation on this channel, created on first contact; what changed about them is written (guarded). */
export async function openConversation({ db, clock }: Pick<Deps, 'db' | 'clock'>, ref: CustomerRef): Promise<ConversationDoc> {
  const Conversation = conversationModel(db)
  const set: Record<string, unknown> = { account: ref.account } // the account that talks to them now
  if (ref.customerName) set.customerName = ref.customerName
  if (ref.memberId) set.memberId = ref.memberId
  if (ref.clinicCode) set.clinicCode = ref.clinicCode
  const _id = conversationIdFor(ref.channel, ref.externalId)
  let existing = await Conversation.findById(_id).lean<ConversationDoc>()
  if (!existing) {
    try {
      const created = await Conversation.create({ _id, channel: ref.channel, externalId: ref.externalId, status: 'bot', lastMessageAt: clock.now(), ...set })
      return created.toObject() as ConversationDoc
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err // two first messages at once, or a conversation from before keyed ids
      existing = (await findConversationByCustomer(db, ref.channel, ref.externalId))!
    }
  }
  const differs = (doc: ConversationDoc) => Object.entries(set).some(([field, value]) => String((doc as Record<string, unknown>)[field] ?? '') !== String(value))
  if (!differs(existing)) return existing
  return (await transition<ConversationDoc>(db, Conversation, existing._id, differs, () => ({ $set: set }))) ?? (await Conversation.findById(existing._id).lean<ConversationDoc>())!
}

export async function getConversation({ db }: Pick<Deps, 'db'>, id: string): Promise<ConversationDoc> {
  const doc = /^[0-9a-f]{24}$/.test(id) ? await conversationModel(db).findById(id).lean<ConversationDoc>() : null
  if (!doc) throw notFound('conversation_not_found', 'No such conversation.')
  return doc
}

/** A message's `_id` follows from its provider id (inbound) or outbox key (outbound): a redelivery or a status update finds it by `_id`. */
const inboundMessageId = (providerMessageId: string) => keyedObjectId('inbound', providerMessageId)
const outboundMessageId = (outboxKey: string) => keyedObjectId('outbound', outboxKey)

/**
 * Stores a customer's message and queues it for the bot's turn (core/conversations/turns.ts); a
 * message the platform delivers twice is stored (and answered) once. A redelivered message that
 * never reached the queue (a crash between the two writes) is queued now.
 */
export async function recordInbound(
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  conversation: ConversationDoc,
  message: { providerMessageId: string; type: string; text: string },
): Promise<{ message: ConversationMessageDoc; duplicate: boolean }> {
  const now = clock.now()
  const _id = inboundMessageId(message.providerMessageId)
  let stored: ConversationMessageDoc
  try {
    stored = (await conversationMessageModel(db).create({ _id, conversationId: conversation._id, direction: 'in', from: 'customer', ...message, at: now, handling: 'pending' })).toObject() as ConversationMessageDoc
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
    const existing = await findByKey<ConversationMessageDoc>(conversationMessageModel(db), _id, { providerMessageId: message.providerMessageId })
    if (existing?.handling === 'pending') await queueForTurn(db, conversation._id, existing._id, {})
    return { message: existing!, duplicate: true }
  }
  await queueForTurn(db, conversation._id, _id, { lastMessageAt: now, lastCustomerMessageAt: now })
  await publishLiveEvent(db, 'message', { conversationId: String(conversation._id), from: 'customer', status: conversation.status, assignee: conversation.assignee ? String(conversation.assignee) : null })
  return { message: stored, duplicate: false }
}

async function queueForTurn(db: Connection, conversationId: Types.ObjectId, messageId: Types.ObjectId, set: Record<string, unknown>) {
  await guardedUpdate<ConversationDoc>(db, conversationModel(db), conversationId, (c) => {
    const inbox = c.inbox ?? []
    return { $set: { ...set, inbox: inbox.some((id) => String(id) === String(messageId)) ? inbox : [...inbox, messageId] } }
  })
}

export async function setMessageIntent({ db }: Pick<Deps, 'db'>, messageId: Types.ObjectId, intent: string, understood = true) {
  await conversationMessageModel(db).updateOne({ _id: messageId }, { $set: { intent, understood } })
}

/** Stores what we said (bot or agent), keyed by its outbox key so a retry records it once. */
export async function recordOutbound(
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  conversationId: Types.ObjectId,
  message: { from: 'bot' | 'agent' | 'system'; text: string; outboxKey: string; intent?: string; agentId?: string; agentName?: string },
) {
  try {
    await conversationMessageModel(db).create({ _id: outboundMessageId(message.outboxKey), conversationId, direction: 'out', type: 'text', deliveryStatus: 'queued', at: clock.now(), ...message })
    await guardedUpdate(db, conversationModel(db), conversationId, () => ({ $set: { lastMessageAt: clock.now() } }))
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
  }
}

export async function markDelivery({ db }: Pick<Deps, 'db'>, outboxKey: string, deliveryStatus: string) {
  await conversationMessageModel(db).updateOne({ _id: outboundMessageId(outboxKey) }, { $set: { deliveryStatus } })
}

/** How an outbound message ended, in the conversation's history and on the console's live view. */
export async function recordDeliveryOutcome(deps: Pick<Deps, 'db'>, row: Pick<OutboxDoc, 'key' | 'conversationId' | 'origin'>, deliveryStatus: string) {
  await markDelivery(deps, row.key, deliveryStatus)
  if (row.conversationId) {
    await publishLiveEvent(deps.db, 'message', { conversationId: String(row.conversationId), from: row.origin === 'agent' ? 'agent' : 'bot', deliveryStatus })
  }
}

export interface EscalationRequest {
  reason: string
  /** 0 emergency … 9 low */
  priority: number
}

/**
 * bot → escalated. Answers false when a person already has (or is queued for) the chat; a more
 * urgent reason raises its priority. An emergency also raises the console's `emergency` event,
 * every time, so the agent holding the chat sees it even when its priority was already 0.
 */
export async function escalate(deps: Pick<Deps, 'db' | 'clock' | 'config'>, conversationId: Types.ObjectId, request: EscalationRequest): Promise<boolean> {
  const { db, clock } = deps
  const Conversation = conversationModel(db)
  const at = clock.now()
  const escalated = await transition<ConversationDoc>(db, Conversation, conversationId, (c) => c.status === 'bot', () => ({
    $set: { status: 'escalated', reason: request.reason, priority: request.priority, escalatedAt: at, misunderstandings: 0, handoffId: handoffIdFor(conversationId, at) },
    $unset: { dialog: 1 },
  }))
  if (escalated) {
    await openHandoff(deps, escalated, request.reason, at)
    await publishLiveEvent(db, 'escalation', { conversationId: String(conversationId), reason: request.reason, priority: request.priority, customerName: escalated.customerName ?? null })
  } else {
    const raised = await transition<ConversationDoc>(
      db,
      Conversation,
      conversationId,
      (c) => (c.status === 'escalated' || c.status === 'agent') && (c.priority ?? 5) > request.priority,
      () => ({ $set: { priority: request.priority, reason: request.reason } }),
    )
    if (raised) await publishLiveEvent(db, 'escalation', { conversationId: String(conversationId), reason: request.reason, priority: request.priority })
    if (raised && request.reason === 'emergency') await markEmergency(deps, raised.handoffId)
    if (raised?.status === 'escalated' && request.reason === 'emergency') await notifyEmergency(deps, raised)
  }
  if (escalated && request.reason === 'emergency') await notifyEmergency(deps, escalated)
  if (request.reason === 'emergency') {
    const now = await Conversation.findById(conversationId, { status: 1, assignee: 1, customerName: 1 }).lean<ConversationDoc>()
    await publishLiveEvent(db, 'emergency', { conversationId: String(conversationId), status: now?.status ?? null, assignee: now?.assignee ? String(now.assignee) : null, customerName: now?.customerName ?? null })
  }
  return Boolean(escalated)
}

/** A new emergency in the queue reaches the clinic's agents and supervisors (one held by an agent is theirs already). */
async function notifyEmergency(deps: Pick<Deps, 'db' | 'clock' | 'config'>, conversation: ConversationDoc) {
  const staff = await staffOf(deps, ['agent', 'supervisor'], conversation.clinicCode)
  const notice = handoffNoticeCopy.emergency(conversation.customerName ?? null, conversation.clinicCode ?? null)
  await notifyStaff(deps, { key: `emergency:${conversation._id}:${conversation.rev}`, kind: 'emergency', clinicCode: conversation.clinicCode, link: '/inbox', ...notice }, staff)
}

/** An agent takes the chat; only one at a time (409 for the second). Claiming again one's own chat changes nothing. */
export async function claimConversation({ db, clock }: Pick<Deps, 'db' | 'clock'>, id: string, agent: StaffPrincipal): Promise<{ conversation: ConversationDoc; newlyClaimed: boolean }> {
  const current = await getConversation({ db }, id)
  const at = clock.now()
  let startsHandoff = false
  const claimed = await transition<ConversationDoc>(db, conversationModel(db), current._id, (c) => c.status === 'bot' || c.status === 'escalated', (c) => {
    startsHandoff = !c.handoffId // claimed straight from the bot: the hand-off starts now
    return { $set: { status: 'agent', assignee: agent.id, assigneeName: agent.name, claimedAt: at, handoffId: c.handoffId ?? handoffIdFor(c._id, at) }, $unset: { dialog: 1 } }
  })
  if (claimed) {
    await noteClaim({ db }, claimed, agent, at, startsHandoff)
    await publishLiveEvent(db, 'claimed', { conversationId: id, assignee: agent.id, assigneeName: agent.name })
    return { conversation: claimed, newlyClaimed: true }
  }
  const holder = await conversationModel(db).findById(current._id).lean<ConversationDoc>()
  if (holder?.status === 'agent' && String(holder.assignee) === agent.id) return { conversation: holder, newlyClaimed: false }
  throw conflict('conversation_taken', holder?.status === 'closed' ? 'This conversation is closed.' : `${holder?.assigneeName ?? 'Another agent'} is already handling this conversation.`)
}

function assertHolder(conversation: ConversationDoc, agent: StaffPrincipal) {
  if (conversation.status !== 'agent' || String(conversation.assignee) !== agent.id) {
    throw conflict('not_your_conversation', 'Claim the conversation before replying to or releasing it.')
  }
}

const heldBy = (agent: StaffPrincipal) => (c: ConversationDoc) => c.status === 'agent' && String(c.assignee) === agent.id

/** agent → bot: the bot answers again. Answers the conversation and the id of the hand-off that ended. */
export async function releaseConversation({ db, clock }: Pick<Deps, 'db' | 'clock'>, id: string, agent: StaffPrincipal): Promise<ConversationDoc & { endedHandoffId: string | null }> {
  const current = await getConversation({ db }, id)
  assertHolder(current, agent)
  let endedHandoffId: string | null = null
  const released = await transition<ConversationDoc>(db, conversationModel(db), current._id, heldBy(agent), (c) => {
    endedHandoffId = c.handoffId ?? null
    return { $set: { status: 'bot', misunderstandings: 0 }, $unset: { assignee: 1, assigneeName: 1, reason: 1, escalatedAt: 1, handoffId: 1 } }
  })
  if (!released) throw conflict('not_your_conversation', 'The conversation changed hands meanwhile.')
  await noteRelease({ db }, endedHandoffId, agent, clock.now())
  await publishLiveEvent(db, 'released', { conversationId: id })
  return { ...released, endedHandoffId }
}

/** Hands the chat to another agent. */
export async function transferConversation({ db, clock }: Pick<Deps, 'db' | 'clock'>, id: string, from: StaffPrincipal, to: { id: string; name: string }): Promise<ConversationDoc> {
  const current = await getConversation({ db }, id)
  assertHolder(current, from)
  const moved = await transition<ConversationDoc>(db, conversationModel(db), current._id, heldBy(from), () => ({ $set: { assignee: to.id, assigneeName: to.name } }))
  if (!moved) throw conflict('not_your_conversation', 'The conversation changed hands meanwhile.')
  await noteTransfer({ db }, moved.handoffId, to, clock.now())
  await publishLiveEvent(db, 'claimed', { conversationId: id, assignee: to.id, assigneeName: to.name })
  return moved
}

export { assertHolder }

export interface ConversationView {
  id: string
  channel: string
  customerName: string | null
  memberId: string | null
  clinicCode: string | null
  status: ConversationStatus
  assignee: string | null
  assigneeName: string | null
  reason: string | null
  priority: number
  escalatedAt: string | null
  lastMessageAt: string | null
}

export function presentConversation(doc: ConversationDoc): ConversationView {
  return {
    id: String(doc._id),
    channel: doc.channel,
    customerName: doc.customerName ?? null,
    memberId: doc.memberId ? String(doc.memberId) : null,
    clinicCode: doc.clinicCode ?? null,
    status: doc.status as ConversationStatus,
    assignee: doc.assignee ? String(doc.assignee) : null,
    assigneeName: doc.assigneeName ?? null,
    reason: doc.reason ?? null,
    priority: doc.priority ?? 5,
    escalatedAt: doc.escalatedAt?.toISOString() ?? null,
    lastMessageAt: doc.lastMessageAt?.toISOString() ?? null,
  }
}

export async function listConversations({ db }: Pick<Deps, 'db'>, query: { status?: ConversationStatus; assignee?: string; limit: number; offset: number }) {
  const filter: Record<string, unknown> = {}
  if (query.status) filter.status = query.status
  if (query.assignee) filter.assignee = query.assignee
  // Escalations: most urgent first, then longest waiting; otherwise most recent first.
  const sort: Record<string, 1 | -1> = query.status === 'escalated' ? { priority: 1, escalatedAt: 1 } : { lastMessageAt: -1 }
  const Conversation = conversationModel(db)
  const [docs, total] = await Promise.all([
    Conversation.find(filter).sort(sort).skip(query.offset).limit(query.limit).lean<ConversationDoc[]>(),
    Conversation.countDocuments(filter),
  ])
  return { items: docs.map(presentConversation), total }
}

export async function conversationHistory({ db }: Pick<Deps, 'db'>, id: string) {
  const conversation = await getConversation({ db }, id)
  const messages = await conversationMessageModel(db).find({ conversationId: conversation._id }).sort({ at: 1, _id: 1 }).lean<ConversationMessageDoc[]>()
  return {
    items: messages.map((m) => ({
      id: String(m._id),
      direction: m.direction,
      from: m.from,
      type: m.type,
      text: m.text,
      intent: m.intent ?? null,
      agentName: m.agentName ?? null,
      deliveryStatus: m.deliveryStatus ?? null,
      /** Inbound: pending while it waits for the bot's turn, failed when the turn threw (a person takes it from there). */
      handling: m.handling ?? null,
      at: m.at.toISOString(),
    })),
    total: messages.length,
  }
}

export interface SavedDialog {
  name: string
  state: unknown
  expiresAt: Date
}

export async function saveDialog({ db }: Pick<Deps, 'db'>, conversationId: Types.ObjectId, dialog: SavedDialog | null) {
  await transition<ConversationDoc>(db, conversationModel(db), conversationId, (c) => Boolean(dialog || c.dialog?.name), () => (dialog ? { $set: { dialog } } : { $unset: { dialog: 1 } }))
}

/** Sets the running dialog aside (or clears what was set aside, with null). */
export async function suspendDialog({ db }: Pick<Deps, 'db'>, conversationId: Types.ObjectId, dialog: SavedDialog | null) {
  await transition<ConversationDoc>(db, conversationModel(db), conversationId, (c) => Boolean(dialog || c.suspendedDialog?.name), () =>
    dialog ? { $set: { suspendedDialog: dialog } } : { $unset: { suspendedDialog: 1 } },
  )
}

/** Misunderstandings in a row: reset by an understood message, counted up by one that was not. */
export async function countMisunderstanding({ db }: Pick<Deps, 'db'>, conversationId: Types.ObjectId, understood: boolean): Promise<number> {
  if (understood) {
    await transition<ConversationDoc>(db, conversationModel(db), conversationId, (c) => (c.misunderstandings ?? 0) !== 0, () => ({ $set: { misunderstandings: 0 } }))
    return 0
  }
  const doc = await guardedUpdate<ConversationDoc>(db, conversationModel(db), conversationId, (c) => ({ $set: { misunderstandings: (c.misunderstandings ?? 0) + 1 } }))
  return doc?.misunderstandings ?? 0
}
