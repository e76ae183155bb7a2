import type { Deps } from '../../platform/deps.ts'
import { unpromptedRoute, type ChannelKind } from '../channels/capabilities.ts'
import { conversationModel, type ConversationDoc } from './model.ts'
import { sendToConversation } from './outbound.ts'

export type NotifyOutcome = { sent: true; conversation: ConversationDoc } | { sent: false; reason: string }

/**
 * An unprompted message to a member (reminder, congratulation, return visit) in their most recent
 * chat, when that channel may send one now; keyed, so it is queued once however often it is asked.
 */
export async function sendToMember(
  deps: Pick<Deps, 'db' | 'clock'>,
  memberId: string,
  texts: string[],
  options: { keyPrefix: string; origin: string; priority?: number; unlessInDialog?: boolean },
): Promise<NotifyOutcome> {
  const conversation = await conversationModel(deps.db).findOne({ memberId }).sort({ lastMessageAt: -1 }).lean<ConversationDoc>()
  if (!conversation) return { sent: false, reason: 'no_conversation' }
  if (options.unlessInDialog && conversation.dialog?.name) return { sent: false, reason: 'busy' }
  return sendUnprompted(deps, conversation, texts, options)
}

/** An unprompted message in this conversation, when its channel may send one now (keyed: queued once). */
export async function sendUnprompted(
  deps: Pick<Deps, 'db' | 'clock'>,
  conversation: ConversationDoc,
  texts: string[],
  options: { keyPrefix: string; origin: string; priority?: number },
): Promise<NotifyOutcome> {
  const route = unpromptedRoute(conversation.channel as ChannelKind, conversation.lastCustomerMessageAt ?? null, deps.clock.now())
  if (route.kind !== 'send') return { sent: false, reason: route.kind === 'skip' ? route.reason : 'needs_mass_task' }
  await sendToConversation(deps, conversation, texts, { keyPrefix: options.keyPrefix, from: 'bot', origin: options.origin, priority: options.priority ?? 5 })
  return { sent: true, conversation }
}
