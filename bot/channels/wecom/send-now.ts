import type { ConversationDoc } from '../../../core/conversations/model.ts'
import { recordDeliveryOutcome, recordOutbound } from '../../../core/conversations/service.ts'
import type { Deps } from '../../../platform/deps.ts'
import { findOutboxRow } from '../../../platform/outbox/outbox.ts'
import { insertUnderWay, settleClaimed } from '../../../platform/outbox/row-changes.ts'

/** Who holds a send-now row while it is under way (no worker claims it). */
const SEND_NOW = 'send-now'

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
  const row = {
    key: input.key,
    channel: conversation.channel,
    account: conversation.account,
    recipient: conversation.externalId,
    text: input.text,
    origin: input.origin,
    status: input.status,
    lastError: input.lastError,
    conversationId: conversation._id,
    memberId: conversation.memberId ?? undefined,
  }
  return Boolean(await insertUnderWay(deps.db, row, SEND_NOW))
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
  const row = (await findOutboxRow(deps.db, key))!
  const settled = await settleClaimed(deps.db, row, outcome.status === 'sent' ? { status: 'sent', providerMessageId: outcome.providerMessageId } : { status: 'failed', lastError: outcome.reason })
  await recordDeliveryOutcome(deps, settled ?? row, outcome.status)
}
