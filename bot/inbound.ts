import type { Types } from 'mongoose'
import { findMemberByIdentity } from '../core/members/service.ts'
import { openConversation, recordInbound } from '../core/conversations/service.ts'
import type { ConversationDoc } from '../core/conversations/model.ts'
import { conversationsWithWaitingMessages, finishMessage, releaseTurn, takeTurn } from '../core/conversations/turns.ts'
import { newHolderId, THIS_PROCESS } from '../platform/jobs/lease.ts'
import { summarizeText } from '../platform/privacy.ts'
import { serialized } from '../platform/serial.ts'
import type { Channel, InboundMessage } from '../core/channels/channel.ts'
import { answerMessage, type PipelineDeps } from './pipeline.ts'

/**
 * Routes one customer message: channel → conversation → its inbox → the bot's turn (one message at
 * a time per conversation, in arrival order, across instances) → NLU → dialog or answer → outbox.
 */
export async function handleInbound(p: PipelineDeps, channel: Channel, inbound: InboundMessage): Promise<void> {
  // Within this instance, messages of one customer reach the inbox in the order the channel delivered them.
  const conversationId = await serialized(p, `${channel.kind}:${inbound.externalId}`, () => acceptInbound(p, channel, inbound))
  await takeTurns(p, conversationId)
}

async function acceptInbound(p: PipelineDeps, channel: Channel, inbound: InboundMessage): Promise<Types.ObjectId> {
  const { deps } = p
  const member = await findMemberByIdentity(deps, channel.kind, inbound.externalId)
  const conversation = await openConversation(deps, {
    channel: channel.kind,
    account: channel.account,
    externalId: inbound.externalId,
    customerName: member?.name || inbound.customerName,
    memberId: member?.id ?? null,
    clinicCode: member?.clinicCode ?? null,
  })
  const { duplicate } = await recordInbound(deps, conversation, { providerMessageId: inbound.providerMessageId, type: inbound.type, text: inbound.text })
  if (!duplicate) deps.log.debug({ conversationId: String(conversation._id), type: inbound.type, text: summarizeText(inbound.text) }, 'customer message')
  return conversation._id
}

/** Answers what waits in the conversation's inbox, front to back, while this call holds its turn. */
export async function takeTurns(p: PipelineDeps, conversationId: Types.ObjectId): Promise<void> {
  const { db } = p.deps
  const owner = newHolderId()
  const attempt = await takeTurn(db, conversationId, owner)
  if (!('conversation' in attempt)) return retryAfter(p, conversationId, attempt)
  let conversation: ConversationDoc | null = attempt.conversation
  try {
    while (conversation?.inbox?.length && conversation.turn?.owner === owner) {
      const messageId = conversation.inbox[0]
      const handling = await answerMessage(p, conversation, messageId)
      conversation = await finishMessage(db, conversationId, messageId, owner, handling)
    }
  } catch (err) {
    await releaseTurn(db, conversationId, owner).catch(() => {}) // the message stays queued for the next attempt
    throw err
  }
}

/**
 * Another holder has the turn; if it dies, its turn runs out at `heldUntil` and nobody may write
 * again to take the rest: this instance looks once more then.
 */
function retryAfter(p: PipelineDeps, conversationId: Types.ObjectId, { heldUntil, heldBy }: { heldUntil: Date | null; heldBy: string | null }) {
  // A holder in this very process is alive: its loop takes the message. Only another process may die holding it.
  if (!heldUntil || heldBy?.startsWith(`${THIS_PROCESS}:`)) return
  const wait = Math.max(0, heldUntil.getTime() - Date.now()) + 1_000
  setTimeout(() => takeTurns(p, conversationId).catch((err) => p.deps.log.error({ err, conversationId: String(conversationId) }, 'retrying a turn failed')), wait).unref()
}

/** Messages left waiting by a process that stopped mid-turn: answered once, at start. */
export async function resumeWaitingTurns(p: PipelineDeps): Promise<void> {
  for (const conversationId of await conversationsWithWaitingMessages(p.deps.db)) {
    await takeTurns(p, conversationId).catch((err) => p.deps.log.error({ err, conversationId: String(conversationId) }, 'resuming a turn failed'))
  }
}
