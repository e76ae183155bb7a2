import { CHANNEL_CAPABILITIES } from '../../../core/channels/capabilities.ts'
import type { ConversationDoc } from '../../../core/conversations/model.ts'
import type { Deps } from '../../../platform/deps.ts'
import type { OutboxDoc } from '../../../platform/outbox/model.ts'
import type { Channel, ChannelHandlers, ChannelStatus } from '../../../core/channels/channel.ts'
import type { WecomApiClient } from '../../../platform/wecom/api-client.ts'
import type { WecomCallbackDoc } from '../../../platform/wecom/models.ts'
import type { KfSettings } from '../../../platform/wecom/settings.ts'
import { createCustomerNames } from './customer-names.ts'
import { createKfMessages } from './customer-messages.ts'
import { createKfEvents } from './events.ts'
import { handOffIfEscalated } from './handoff.ts'
import { deliverMerged } from './merged-delivery.ts'
import { createKfSender } from './sending.ts'
import { createKfSync } from './sync.ts'

/**
 * WeCom 微信客服 as a channel: customers write to the kf account from WeChat; the callback only
 * says "pull", kf/sync_msg brings the messages (sync.ts), which are the customer's or a
 * servicer's (customer-messages.ts) or events (events.ts: the welcome on entering the session,
 * late send failures, the session's end). The bot answers with kf/send_msg inside the reply
 * window (sending.ts, reply-window.ts), merged where it can (merged-delivery.ts), and hands the
 * session to a person when the conversation is escalated (handoff.ts). This file only wires them.
 */
export interface KfChannel extends Channel {
  readonly kind: 'kf'
  /** Works one stored kf_msg_or_event callback: pull everything new. */
  handleCallback(callback: WecomCallbackDoc): Promise<void>
  /** The outbox's delivery for this account: merge the reply's queued lines, send (then the attachment), then hand off if the chat was escalated. */
  deliverOutboxMessage(message: OutboxDoc): Promise<{ providerMessageId?: string; attachmentError?: string }>
}

export interface KfChannelOptions {
  settings: KfSettings
  /** The clinic the kf account speaks for when the entry link's scene_param names none. */
  defaultClinicCode: string
}

export function createKfChannel(deps: Deps, client: WecomApiClient, { settings, defaultClinicCode }: KfChannelOptions): KfChannel {
  const { log } = deps
  const { openKfId } = settings
  const account = `kf:${openKfId}`
  let handlers: ChannelHandlers | null = null
  const state: ChannelStatus = { state: 'starting', account: openKfId, qr: null, detail: null }

  async function handOff(conversationId: ConversationDoc['_id'], exceptOutboxKeys: string[] = []) {
    try {
      await handOffIfEscalated(deps, client, { openKfId, servicerUserId: settings.servicerUserId }, conversationId, exceptOutboxKeys)
    } catch (err) {
      log.error({ err }, '微信客服 hand-off check failed')
    }
  }

  const customerName = createCustomerNames(deps, client)
  const handleEvent = createKfEvents(deps, client, { account, welcomeCodeSeconds: settings.welcomeCodeSeconds, defaultClinicCode, customerName })
  const handleMessage = createKfMessages(deps, { openKfId, account, handlers: () => handlers!, customerName, handOff })
  const sync = createKfSync({ deps, client, openKfId, handle: (message) => (message.msgtype === 'event' ? handleEvent(message) : handleMessage(message)) })
  const sender = createKfSender({ db: deps.db, client, openKfId, windowHours: settings.windowHours, maxReplies: settings.maxReplies })

  return {
    kind: 'kf',
    account,
    capabilities: { ...CHANNEL_CAPABILITIES.kf, replyWindow: { hours: settings.windowHours, maxMessages: settings.maxReplies } },
    async start(h) {
      handlers = h
      Object.assign(state, { state: 'logged_in', detail: null })
      // Catch up on what arrived while no instance was pulling (sync_msg keeps 3 days), from the stored cursor.
      void sync.request().catch((err) => log.error({ err }, '微信客服 catch-up sync failed'))
    },
    async stop() {
      state.state = 'stopped'
      await sync.stop()
    },
    sendText: (externalId, text) => sender.sendReply(externalId, text, `direct:${Date.now()}`),
    async deliverOutboxMessage(message) {
      let merged: string[] = []
      try {
        const result = await deliverMerged(deps, message, (text) => sender.sendReply(message.recipient, text, message.key))
        merged = result.mergedKeys
        const attachmentError = message.attachment ? await sender.sendAttachmentAfterText(message.recipient, message.attachment, message.key) : undefined
        return { providerMessageId: result.providerMessageId, ...(attachmentError ? { attachmentError } : {}) }
      } finally {
        // The line in hand is still "sending" in the outbox, and merged lines are settled: neither holds up the hand-off.
        if (message.conversationId) await handOff(message.conversationId, [message.key, ...merged])
      }
    },
    async handleCallback(callback) {
      if (callback.fields.OpenKfId && callback.fields.OpenKfId !== openKfId) return // another kf account of the corp
      await sync.request(callback.fields.Token || undefined)
    },
    status: () => ({ ...state }),
  }
}
