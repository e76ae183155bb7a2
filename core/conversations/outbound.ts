import type { Deps } from '../../platform/deps.ts'
import { enqueueMessage } from '../../platform/outbox/outbox.ts'
import type { ConversationDoc } from './model.ts'
import { recordOutbound } from './service.ts'

export interface SendOptions {
  /** Idempotency: message i is keyed `${keyPrefix}:${i}`, so answering the same thing twice sends once. */
  keyPrefix: string
  from: 'bot' | 'agent' | 'system'
  origin: string
  /** 0 replies in a live chat … 9 bulk. */
  priority?: number
  intent?: string
  agent?: { id: string; name: string }
}

/** Queues texts to the conversation's customer through the outbox and records them in its history. */
export async function sendToConversation(deps: Pick<Deps, 'db' | 'clock'>, conversation: ConversationDoc, texts: string[], options: SendOptions) {
  for (const [i, text] of texts.entries()) {
    const key = `${options.keyPrefix}:${i}`
    await recordOutbound(deps, conversation._id, { from: options.from, text, outboxKey: key, intent: options.intent, agentId: options.agent?.id, agentName: options.agent?.name })
    await enqueueMessage(deps.db, {
      key,
      channel: conversation.channel,
      account: conversation.account,
      recipient: conversation.externalId,
      text,
      origin: options.origin,
      priority: options.priority ?? 0,
      conversationId: conversation._id,
      memberId: conversation.memberId ?? undefined,
    })
  }
}
