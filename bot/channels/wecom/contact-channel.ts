import { CHANNEL_CAPABILITIES } from '../../../core/channels/capabilities.ts'
import type { Deps } from '../../../platform/deps.ts'
import { isDuplicateKeyError } from '../../../platform/errors.ts'
import type { OutboxDoc } from '../../../platform/outbox/model.ts'
import { SendError } from '../../../platform/outbox/send-error.ts'
import type { Channel, ChannelHandlers, ChannelStatus } from '../../../core/channels/channel.ts'
import { NETWORK_ERROR, WecomApiError, type WecomApiClient } from '../../../platform/wecom/api-client.ts'
import { noteOnConversation } from '../system-notes.ts'
import { wecomCopy } from './copy.ts'
import { addMsgTemplate, groupMsgSendResults, planMassTaskMessage } from './mass-tasks.ts'
import { wecomContactEventModel, type WecomCallbackDoc } from '../../../platform/wecom/models.ts'

/**
 * WeCom 客户联系 as a channel: customers add a staff member (WECOM_SENDER_USERID) as a WeCom
 * contact, usually through a clinic's 联系我 QR code. Their messages arrive in that person's WeCom
 * client, not through any API — so this channel never hears a customer message and cannot reply.
 * What it can do: welcome a new contact with the one-time welcome code (send_welcome_msg, within
 * 20 s), and reach a customer unprompted through a mass-message task the staff member confirms.
 */
export interface ContactChannel extends Channel {
  readonly kind: 'wecom'
  /** Sends the welcome with the add event's code, retrying what can be retried until the code's seconds are up. */
  sendWithWelcomeCode(code: string, text: string): Promise<void>
  /** The customer's WeCom name and unionid (externalcontact/get), looked up after the welcome went out. */
  contactProfile(externalId: string): Promise<{ name: string | null; unionid: string | null }>
  /** The outbox's delivery for this account: an unprompted message becomes a planned mass-message task. */
  deliverOutboxMessage(message: OutboxDoc): Promise<{ providerMessageId?: string }>
  /** Works one stored change_external_contact callback. */
  handleCallback(callback: WecomCallbackDoc): Promise<void>
}

/** A channel whose add-contact events carry a welcome code to answer with (capability, not name). */
export function sendsWithWelcomeCode(channel: Channel): channel is ContactChannel {
  return typeof (channel as Partial<ContactChannel>).sendWithWelcomeCode === 'function'
}

export interface ContactChannelOptions {
  senderUserId: string
  welcomeCodeSeconds: number
}

/** Marks an outbox row that was handed to a mass-message task rather than sent. */
export const MASS_TASK_PROVIDER_PREFIX = 'mass-task:'

/** What the conversation history should say about an outbox row the worker finished: a planned task is not "sent" yet. */
export function historyDeliveryStatus(message: Pick<OutboxDoc, 'providerMessageId'>, status: 'sent' | 'failed'): string {
  return status === 'sent' && message.providerMessageId?.startsWith(MASS_TASK_PROVIDER_PREFIX) ? 'mass_task' : status
}

/** WeCom codes for send_welcome_msg (developer.work.weixin.qq.com/document/path/92599). */
export const WELCOME_ALREADY_SENT = 41051
export const WELCOME_CODE_EXPIRED = 41050
const ANOTHER_APP_SENDING = 41096
const WELCOME_RETRYABLE = new Set([ANOTHER_APP_SENDING, -1, NETWORK_ERROR, 45009, 45033])
/** Outbox origins that answer a customer: on 客户联系 a person answers in WeCom, so these are refused, not turned into tasks. */
const REPLY_ORIGINS = new Set(['reply', 'agent'])

export function createContactChannel(deps: Deps, client: WecomApiClient, options: ContactChannelOptions): ContactChannel {
  const { db, log } = deps
  let handlers: ChannelHandlers | null = null
  const state: ChannelStatus = { state: 'starting', account: options.senderUserId, qr: null, detail: null }
  /** When each welcome code stops working (the event's arrival + its seconds). */
  const codeDeadlines = new Map<string, number>()

  async function handleCallback(callback: WecomCallbackDoc) {
    const f = callback.fields
    const externalId = f.ExternalUserID
    if (!externalId || !f.UserID) return
    const change = f.ChangeType ?? 'unknown'
    try {
      await wecomContactEventModel(db).create({ _id: callback._id, externalId, userId: f.UserID, change, state: f.State || undefined, at: callback.receivedAt })
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err
    }
    if (f.UserID !== options.senderUserId) {
      // Another staff member's own contact: recorded, never welcomed or messaged in their name.
      log.debug({ change, userId: f.UserID }, 'WeCom contact event for another staff member')
      return
    }
    if (change === 'add_external_contact' || change === 'add_half_external_contact') {
      if (f.WelcomeCode) codeDeadlines.set(f.WelcomeCode, callback.receivedAt.getTime() + options.welcomeCodeSeconds * 1000)
      try {
        await handlers!.onContactAdded({ externalId, customerName: '', hello: '', clinicCode: f.State || null, welcomeCode: f.WelcomeCode || undefined })
      } finally {
        if (f.WelcomeCode) codeDeadlines.delete(f.WelcomeCode)
      }
    } else if (change === 'del_follow_user' || change === 'del_external_contact') {
      await noteOnConversation(deps, { channel: 'wecom', externalId }, {
        providerMessageId: `wecom-event:${callback._id}`,
        text: change === 'del_follow_user' ? wecomCopy.notes.removedByCustomer : wecomCopy.notes.removedByStaff,
      })
      await handlers!.onContactRemoved?.(externalId)
    }
  }

  async function sendWithWelcomeCode(code: string, text: string) {
    const deadline = codeDeadlines.get(code) ?? Date.now() + options.welcomeCodeSeconds * 1000
    for (let attempt = 0; ; attempt++) {
      try {
        await client.post('/cgi-bin/externalcontact/send_welcome_msg', { welcome_code: code, text: { content: text } })
        return
      } catch (err) {
        // 41096: another app is sending with this code right now; busy, rate-limited or unreachable may pass within the seconds left.
        const retry = err instanceof WecomApiError && WELCOME_RETRYABLE.has(err.errcode)
        const wait = Math.min(500 * 2 ** attempt, 2000)
        if (!retry || Date.now() + wait >= deadline) throw err
        await new Promise((r) => setTimeout(r, wait))
      }
    }
  }

  return {
    kind: 'wecom',
    account: `wecom:${client.corpId}:${options.senderUserId}`,
    capabilities: CHANNEL_CAPABILITIES.wecom,
    async start(h) {
      handlers = h
      Object.assign(state, { state: 'logged_in', detail: null })
    },
    async stop() {
      state.state = 'stopped'
    },
    async sendText() {
      // Replies on 客户联系 are typed by the staff member in WeCom; the API cannot send them.
      throw new SendError('permanent', 'reply_not_supported', 'WeCom 客户联系 cannot send a message directly; plan a mass-message task')
    },
    async deliverOutboxMessage(message) {
      if (REPLY_ORIGINS.has(message.origin)) {
        // A console reply as a mass task would arrive only once the staff member confirms it, and use up the customer's monthly cap.
        throw new SendError('permanent', 'reply_not_supported', 'on WeCom 客户联系 the staff member answers in the WeCom client; CareDesk cannot send replies')
      }
      await planMassTaskMessage(deps, {
        key: message.key,
        externalId: message.recipient,
        text: message.text,
        attachment: message.attachment ?? undefined, // one unit with the text: the same task carries both
        origin: message.origin,
        memberId: message.memberId ?? undefined,
        conversationId: message.conversationId ?? undefined,
        outboxKey: message.conversationId ? message.key : undefined,
      })
      // "Sent" in the outbox means handed to WeCom as a task; the customer's own result lands on the conversation message.
      return { providerMessageId: `${MASS_TASK_PROVIDER_PREFIX}${message.key}` }
    },
    sendWithWelcomeCode,
    async contactProfile(externalId) {
      const answer = await client.get<{ external_contact?: { name?: string; unionid?: string } }>('/cgi-bin/externalcontact/get', { external_userid: externalId })
      return { name: answer.external_contact?.name?.trim() || null, unionid: answer.external_contact?.unionid || null }
    },
    handleCallback,
    status: () => ({ ...state }),
    async createMassTask(externalIds, text) {
      const { msgid, failed } = await addMsgTemplate(client, options.senderUserId, externalIds, text)
      return { taskId: msgid, failed }
    },
    async massTaskResults(taskId) {
      return (await groupMsgSendResults(client, taskId, options.senderUserId)).map(({ externalId, status }) => ({ externalId, status }))
    },
  }
}
