import { conversationMessageModel } from '../../core/conversations/model.ts'
import { findConversationByCustomer } from '../../core/conversations/service.ts'
import type { Deps } from '../../platform/deps.ts'
import { isDuplicateKeyError } from '../../platform/errors.ts'

/**
 * A line from the platform (not from the customer) in a customer's conversation history, e.g.
 * "the session ended"; keyed by the provider's event id, so a callback delivered twice notes it
 * once. Nothing is noted for a customer who has no conversation yet.
 */
export async function noteOnConversation(
  deps: Pick<Deps, 'db' | 'clock'>,
  customer: { channel: string; externalId: string },
  note: { providerMessageId: string; text: string },
): Promise<void> {
  const conversation = await findConversationByCustomer(deps.db, customer.channel, customer.externalId)
  if (!conversation) return
  try {
    await conversationMessageModel(deps.db).create({ conversationId: conversation._id, direction: 'in', from: 'system', type: 'other', text: note.text, at: deps.clock.now(), providerMessageId: note.providerMessageId })
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
  }
}
