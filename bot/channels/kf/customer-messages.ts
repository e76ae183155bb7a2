import type { ConversationDoc } from '../../../core/conversations/model.ts'
import { findConversationByCustomer, markDelivery, openConversation, recordOutbound } from '../../../core/conversations/service.ts'
import type { ChannelHandlers, InboundType } from '../../../core/channels/channel.ts'
import type { Deps } from '../../../platform/deps.ts'
import { openReplyWindow } from './reply-window.ts'
import type { KfSyncMessage } from './sync.ts'

const INBOUND_TYPES: Record<string, InboundType> = { text: 'text', image: 'image', voice: 'voice', video: 'video', file: 'file' }
/** sync_msg's origin: 3 the customer, 5 a servicer typing in the WeCom client (4, the system, is not a chat turn). */
const ORIGIN = { customer: 3, servicer: 5 } as const

export interface KfMessageOptions {
  openKfId: string
  account: string
  handlers(): ChannelHandlers
  customerName(externalId: string): Promise<string>
  handOff(conversationId: ConversationDoc['_id']): Promise<void>
}

/** The chat messages sync_msg brings: the customer's go to the bot; a servicer's are recorded as the agent's turn. */
export function createKfMessages(deps: Deps, { openKfId, account, handlers, customerName, handOff }: KfMessageOptions) {
  async function fromCustomer(externalId: string, message: KfSyncMessage, at: Date) {
    await openReplyWindow(deps.db, { openKfId, externalId, msgid: message.msgid, openedAt: at })
    await handlers().onMessage({
      externalId,
      customerName: await customerName(externalId),
      providerMessageId: `kf:${message.msgid}`,
      type: INBOUND_TYPES[message.msgtype] ?? 'other',
      text: message.msgtype === 'text' ? (message.text?.content ?? '') : '',
      at,
    })
    // An escalated chat whose hand-off failed before gets another try when the customer writes.
    const conversation = await findConversationByCustomer(deps.db, 'kf', externalId)
    if (conversation) await handOff(conversation._id)
  }

  /** What a servicer typed in the WeCom client shows in the console's history as the agent's turn. */
  async function fromServicer(externalId: string, message: KfSyncMessage) {
    const conversation = await openConversation(deps, { channel: 'kf', account, externalId })
    const key = `kf-servicer:${message.msgid}`
    const text = message.msgtype === 'text' ? (message.text?.content ?? '') : `[${message.msgtype}]`
    await recordOutbound(deps, conversation._id, { from: 'agent', text, outboxKey: key, agentName: message.servicer_userid })
    await markDelivery(deps, key, 'sent')
  }

  return async function handleMessage(message: KfSyncMessage): Promise<void> {
    const externalId = message.external_userid
    if (!externalId || (message.open_kfid && message.open_kfid !== openKfId)) return
    const at = new Date((message.send_time ?? Math.floor(Date.now() / 1000)) * 1000)
    if (message.origin === ORIGIN.customer) await fromCustomer(externalId, message, at)
    else if (message.origin === ORIGIN.servicer) await fromServicer(externalId, message)
  }
}
