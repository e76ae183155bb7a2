import type { Connection, Types } from 'mongoose'
import { transition } from '../../platform/db/atomic.ts'
import { conversationMessageModel, conversationModel, type ConversationDoc } from './model.ts'

/**
 * One turn at a time per conversation, across instances. Every customer message is appended to
 * the conversation's `inbox` (guarded, in arrival order); whoever holds the conversation's `turn`
 * handles the inbox front to back, and the others leave their message to it. A holder that dies
 * leaves its turn to run out: the next message, a restart or a retry after `until` picks the rest up.
 */
export const TURN_MS = 120_000

// Turns run on the wall clock, not deps.clock: tests fake the business clock, but a turn must expire in real time.
const wallClock = () => new Date()
const turnUntil = () => new Date(wallClock().getTime() + TURN_MS)

const isOurs = (c: ConversationDoc, owner: string) => c.turn?.owner === owner
const isFree = (c: ConversationDoc, owner: string) => !c.turn?.owner || isOurs(c, owner) || (c.turn.until ?? new Date(0)) < wallClock()

export type TurnAttempt = { conversation: ConversationDoc } | { heldUntil: Date | null; heldBy: string | null }

/** Takes the conversation's turn when messages wait and nobody (alive) holds it. */
export async function takeTurn(db: Connection, conversationId: Types.ObjectId, owner: string): Promise<TurnAttempt> {
  const Conversation = conversationModel(db)
  const taken = await transition<ConversationDoc>(db, Conversation, conversationId, (c) => Boolean(c.inbox?.length) && isFree(c, owner), () => ({
    $set: { turn: { owner, until: turnUntil() } },
  }))
  if (taken) return { conversation: taken }
  const current = await Conversation.findById(conversationId, { inbox: 1, turn: 1 }).lean<ConversationDoc>()
  const held = Boolean(current?.inbox?.length && current.turn?.owner)
  return { heldUntil: held ? (current!.turn!.until ?? null) : null, heldBy: held ? current!.turn!.owner! : null }
}

/**
 * Marks the front message done and takes it off the inbox; the turn is given back with the last
 * message, in the same write, so a message appended meanwhile is never left without a holder.
 * Null when the turn is no longer ours (we stalled past `until` and someone took over).
 */
export async function finishMessage(db: Connection, conversationId: Types.ObjectId, messageId: Types.ObjectId, owner: string, handling: 'handled' | 'failed'): Promise<ConversationDoc | null> {
  await conversationMessageModel(db).updateOne({ _id: messageId }, { $set: { handling } })
  return transition<ConversationDoc>(db, conversationModel(db), conversationId, (c) => isOurs(c, owner), (c) => {
    const rest = (c.inbox ?? []).filter((id) => String(id) !== String(messageId))
    return rest.length ? { $set: { inbox: rest, turn: { owner, until: turnUntil() } } } : { $unset: { inbox: 1, turn: 1 } }
  })
}

/** Gives the turn back early (the holder cannot go on); its messages stay for the next holder. */
export async function releaseTurn(db: Connection, conversationId: Types.ObjectId, owner: string): Promise<void> {
  await transition<ConversationDoc>(db, conversationModel(db), conversationId, (c) => isOurs(c, owner), () => ({ $unset: { turn: 1 } }))
}

/** Conversations with messages still waiting (after a crash): read once at start. */
export async function conversationsWithWaitingMessages(db: Connection): Promise<Types.ObjectId[]> {
  const docs = await conversationModel(db).find({ inbox: { $exists: true } }, { _id: 1 }).lean<Array<{ _id: Types.ObjectId }>>()
  return docs.map((d) => d._id)
}
