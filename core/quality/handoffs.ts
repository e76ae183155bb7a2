/**
 * The hand-off record behind the KPIs (core/quality/kpis.ts), written beside each hand-off
 * transition of the conversation (core/conversations/service.ts). The conversation's transition
 * decides; this only records what it decided, each change through the guarded writer.
 */
import type { Types } from 'mongoose'
import type { Deps } from '../../platform/deps.ts'
import { guardedUpdate, transition } from '../../platform/db/atomic.ts'
import { isDuplicateKeyError } from '../../platform/errors.ts'
import { handoffModel, type HandoffDoc } from './model.ts'

export const handoffIdFor = (conversationId: Types.ObjectId | string, startedAt: Date) => `${String(conversationId)}:${startedAt.getTime()}`

interface ConversationFacts {
  _id: Types.ObjectId
  handoffId?: string | null
  memberId?: Types.ObjectId | null
  clinicCode?: string | null
  customerName?: string | null
}

/** Queued for a person (or claimed straight from the bot): the record starts; a second call changes nothing. */
export async function openHandoff({ db }: Pick<Deps, 'db'>, conversation: ConversationFacts, reason: string, at: Date) {
  if (!conversation.handoffId) return
  try {
    await handoffModel(db).create({
      _id: conversation.handoffId,
      conversationId: conversation._id,
      memberId: conversation.memberId ?? undefined,
      clinicCode: conversation.clinicCode ?? undefined,
      customerName: conversation.customerName ?? undefined,
      reason,
      emergency: reason === 'emergency',
      queuedAt: at,
    })
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
  }
}

/** An emergency while queued or held: no rating is asked after it. */
export async function markEmergency({ db }: Pick<Deps, 'db'>, handoffId: string | null | undefined) {
  if (handoffId) await transition<HandoffDoc>(db, handoffModel(db), handoffId, (h) => !h.emergency, () => ({ $set: { emergency: true } }))
}

/** A claim: of a queued chat, or straight from the bot (`startsHandoff`), when the record starts with it in one insert. */
export async function noteClaim({ db }: Pick<Deps, 'db'>, conversation: ConversationFacts, agent: { id: string; name: string }, at: Date, startsHandoff: boolean) {
  if (!conversation.handoffId) return
  const claim = { claimedAt: at, claimedBy: agent.id, holders: [{ agentId: agent.id, agentName: agent.name, from: at }] }
  if (startsHandoff) {
    try {
      await handoffModel(db).create({ _id: conversation.handoffId, conversationId: conversation._id, memberId: conversation.memberId ?? undefined, clinicCode: conversation.clinicCode ?? undefined, customerName: conversation.customerName ?? undefined, reason: 'claimed', emergency: false, queuedAt: at, ...claim })
      return
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err
    }
  }
  await transition<HandoffDoc>(db, handoffModel(db), conversation.handoffId, (h) => !h.claimedAt, () => ({ $set: claim }))
}

/** The agent's first own reply (the automatic "我是客服…" on claim is not one). */
export async function noteAgentReply({ db }: Pick<Deps, 'db'>, handoffId: string | null | undefined, agentId: string, at: Date) {
  if (!handoffId) return
  await transition<HandoffDoc>(db, handoffModel(db), handoffId, (h) => !h.firstReplyAt, () => ({ $set: { firstReplyAt: at, firstReplyBy: agentId } }))
}

export async function noteTransfer({ db }: Pick<Deps, 'db'>, handoffId: string | null | undefined, to: { id: string; name: string }, at: Date) {
  if (!handoffId) return
  await guardedUpdate<HandoffDoc>(db, handoffModel(db), handoffId, (h) => ({
    $set: { transfers: (h.transfers ?? 0) + 1, holders: [...(h.holders ?? []), { agentId: to.id, agentName: to.name, from: at }] },
  }))
}

export async function noteRelease({ db }: Pick<Deps, 'db'>, handoffId: string | null | undefined, agent: { id: string; name: string }, at: Date): Promise<HandoffDoc | null> {
  if (!handoffId) return null
  return transition<HandoffDoc>(db, handoffModel(db), handoffId, (h) => !h.releasedAt, () => ({ $set: { releasedAt: at, releasedBy: agent.id, releasedByName: agent.name } }))
}
