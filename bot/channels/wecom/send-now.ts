import type { ConversationDoc } from '../../../core/conversations/model.ts'
import { markDelivery, recordOutbound } from '../../../core/conversations/service.ts'
import { transition } from '../../../platform/db/atomic.ts'
import type { Deps } from '../../../platform/deps.ts'
import { isDuplicateKeyError } from '../../../platform/errors.ts'
import { publishLiveEvent } from '../../../platform/live-events.ts'
import { outboxModel, type OutboxDoc } from '../../../platform/outbox/model.ts'
import { findOutboxRow, outboxIdFor } from '../../../platform/outbox/outbox.ts'

/**
 * A message that must leave now, with a one-time code that lives seconds (a 客户联系 welcome
 * code, a 微信客服 enter_session code), so it cannot wait in the outbox queue behind other
 * messages and its pacing. It still lives in the outbox, under its ordinary key: the row is
 * inserted as already under way (`sending`, which no worker claims), so the key's unique index
 * makes it once — a second add event, a callback delivered three times, or the normal welcome
 * path all hit the same key — and the conversation history shows it like any other message.
 * A crash mid-send leaves `sending`, which the outbox marks `uncertain` and never resends.
 */

export interface SendNowInput {
  key: string
  conversation: ConversationDoc
  text: string
  origin: string
  /** The platform call; its error goes to `classify`. */
  send(): Promise<{ providerMessageId?: string } | void>
  /** How a failed send ends: `sent` when the platform says it went already (41051), else failed with a reason. */
  classify(err: unknown): { status: 'sent' | 'failed'; reason: string }
}

export type SendNowOutcome = { status: 'duplicate' } | { status: 'sent'; providerMessageId?: string } | { status: 'failed'; reason: string }

/** Claims the key in the outbox (one row per key, ever); false when it was claimed before. */
export async function claimOutboxKey(
  deps: Pick<Deps, 'db'>,
  conversation: ConversationDoc,
  input: { key: string; text: string; origin: string; status: 'sending' | 'failed'; lastError?: string },
): Promise<boolean> {
  const now = new Date()
  try {
    await outboxModel(deps.db).create({
      _id: outboxIdFor(input.key),
      key: input.key,
      channel: conversation.channel,
      account: conversation.account,
      recipient: conversation.externalId,
      text: input.text,
      origin: input.origin,
      priority: 0,
      status: input.status,
      attempts: input.status === 'sending' ? 1 : 0,
      nextAttemptAt: now,
      claimedBy: 'send-now',
      claimedAt: now,
      lastError: input.lastError,
      conversationId: conversation._id,
      memberId: conversation.memberId ?? undefined,
    })
    return true
  } catch (err) {
    if (isDuplicateKeyError(err)) return false
    throw err
  }
}

export async function sendNow(deps: Pick<Deps, 'db' | 'clock' | 'log'>, input: SendNowInput): Promise<SendNowOutcome> {
  const { key, conversation } = input
  if (!(await claimOutboxKey(deps, conversation, { key, text: input.text, origin: input.origin, status: 'sending' }))) return { status: 'duplicate' }
  let outcome: SendNowOutcome
  try {
    const result = await input.send()
    outcome = { status: 'sent', providerMessageId: result?.providerMessageId }
  } catch (err) {
    const verdict = input.classify(err)
    deps.log.warn({ key, reason: verdict.reason, err: err instanceof Error ? err.message : String(err) }, 'immediate send did not go through')
    outcome = verdict.status === 'sent' ? { status: 'sent' } : { status: 'failed', reason: verdict.reason }
  }
  // Recorded after the call: the code's seconds are spent on the send, not on bookkeeping.
  await recordOutbound(deps, conversation._id, { from: 'bot', text: input.text, outboxKey: key })
  await settle(deps, key, outcome)
  return outcome
}

async function settle(deps: Pick<Deps, 'db'>, key: string, outcome: SendNowOutcome) {
  if (outcome.status === 'duplicate') return
  const Outbox = outboxModel(deps.db)
  const row = await findOutboxRow(deps.db, key)
  const settled = await transition<OutboxDoc>(deps.db, Outbox, row!._id, (doc) => doc.status === 'sending', () =>
    outcome.status === 'sent'
      ? { $set: { status: 'sent', sentAt: new Date(), providerMessageId: outcome.providerMessageId } }
      : { $set: { status: 'failed', lastError: outcome.reason } },
  )
  await markDelivery(deps, key, outcome.status)
  if (settled?.conversationId) {
    await publishLiveEvent(deps.db, 'message', { conversationId: String(settled.conversationId), from: 'bot', deliveryStatus: outcome.status })
  }
}
