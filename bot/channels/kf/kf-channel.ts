import { CHANNEL_CAPABILITIES } from '../../../core/channels/capabilities.ts'
import { listClinics } from '../../../core/clinics/service.ts'
import { conversationMessageModel, type ConversationDoc } from '../../../core/conversations/model.ts'
import { findConversationByCustomer, markDelivery, openConversation, recordOutbound } from '../../../core/conversations/service.ts'
import { identityKey } from '../../../core/members/model.ts'
import { rememberUnionId } from '../../../core/members/unions.ts'
import { transition } from '../../../platform/db/atomic.ts'
import type { Deps } from '../../../platform/deps.ts'
import { isDuplicateKeyError } from '../../../platform/errors.ts'
import { publishLiveEvent } from '../../../platform/live-events.ts'
import { outboxModel, type MessageAttachment, type OutboxDoc } from '../../../platform/outbox/model.ts'
import { SendError } from '../../../platform/outbox/send-error.ts'
import type { Channel, ChannelHandlers, ChannelStatus, InboundType } from '../../../core/channels/channel.ts'
import { botCopy } from '../../copy.ts'
import { toSendError, WecomApiError, type WecomApiClient } from '../../../platform/wecom/api-client.ts'
import { wecomCopy } from '../wecom/copy.ts'
import type { WecomCallbackDoc } from '../../../platform/wecom/models.ts'
import { mediaFailure, uploadedImageId } from '../../../platform/wecom/media.ts'
import { sendNow } from '../wecom/send-now.ts'
import type { KfSettings } from '../../../platform/wecom/settings.ts'
import { handOffIfEscalated } from './handoff.ts'
import { deliverMerged, KF_TEXT_MAX_BYTES } from './merged-delivery.ts'
import { kfSeenEventModel } from './models.ts'
import { openReplyWindow, releaseReplySlot, takeReplySlot } from './reply-window.ts'
import { createKfSync, type KfSyncMessage } from './sync.ts'

/**
 * WeCom 微信客服 as a channel: customers write to the kf account from WeChat; the callback only
 * says "pull", kf/sync_msg brings the messages (sync.ts); the bot answers with kf/send_msg inside
 * the reply window (reply-window.ts), merged where it can (merged-delivery.ts), and hands the
 * session to a person when the conversation is escalated (handoff.ts). The customer entering
 * the session gets a welcome through send_msg_on_event and the event's code.
 */
export interface KfChannel extends Channel {
  readonly kind: 'kf'
  /** Works one stored kf_msg_or_event callback: pull everything new. */
  handleCallback(callback: WecomCallbackDoc): Promise<void>
  /** The outbox's delivery for this account: merge the reply's queued lines, send (then the attachment), then hand off if the chat was escalated. */
  deliverOutboxMessage(message: OutboxDoc): Promise<{ providerMessageId?: string; attachmentError?: string }>
}

/** WeCom kf/send_msg codes after which retrying cannot help (developer.work.weixin.qq.com/document/path/94677). */
const KF_PERMANENT: Record<number, string> = {
  95001: 'window_limit', // over the 5 messages per customer message
  95002: 'window_closed', // 48 h since the customer's last message
  95013: 'session_ended',
  95018: 'human_servicing', // the session's state does not allow API messages (a person has it)
}

/** msg_send_fail's fail_type, for the delivery record. */
const SEND_FAIL_TYPES: Record<number, string> = {
  0: 'unknown',
  1: 'kf_account_deleted',
  2: 'app_closed',
  4: 'window_closed',
  5: 'session_ended',
  6: 'window_limit',
  7: 'no_channels_account',
  8: 'corp_unverified',
  9: 'no_channels_account_and_unverified',
  10: 'customer_refuses',
}

const INBOUND_TYPES: Record<string, InboundType> = { text: 'text', image: 'image', voice: 'voice', video: 'video', file: 'file' }

export interface KfChannelOptions {
  settings: KfSettings
  /** The clinic the kf account speaks for when the entry link's scene_param names none. */
  defaultClinicCode: string
}

export function createKfChannel(deps: Deps, client: WecomApiClient, { settings, defaultClinicCode }: KfChannelOptions): KfChannel {
  const { db, log } = deps
  const { openKfId } = settings
  const account = `kf:${openKfId}`
  let handlers: ChannelHandlers | null = null
  const state: ChannelStatus = { state: 'starting', account: openKfId, qr: null, detail: null }
  const names = new Map<string, string>()

  const sync = createKfSync({ deps, client, openKfId, handle })

  async function handle(message: KfSyncMessage) {
    if (message.msgtype === 'event') return handleEvent(message)
    const externalId = message.external_userid
    if (!externalId || (message.open_kfid && message.open_kfid !== openKfId)) return
    const at = new Date((message.send_time ?? Math.floor(Date.now() / 1000)) * 1000)
    if (message.origin === 3) {
      await openReplyWindow(db, { openKfId, externalId, msgid: message.msgid, openedAt: at })
      await handlers!.onMessage({
        externalId,
        customerName: await customerName(externalId),
        providerMessageId: `kf:${message.msgid}`,
        type: INBOUND_TYPES[message.msgtype] ?? 'other',
        text: message.msgtype === 'text' ? (message.text?.content ?? '') : '',
        at,
      })
      // An escalated chat whose hand-off failed before gets another try when the customer writes.
      const conversation = await findConversationByCustomer(db, 'kf', externalId)
      if (conversation) await handOff(conversation._id)
    } else if (message.origin === 5) {
      await recordServicerMessage(externalId, message)
    }
  }

  /** What a servicer typed in the WeCom client shows in the console's history as the agent's turn. */
  async function recordServicerMessage(externalId: string, message: KfSyncMessage) {
    const conversation = await openConversation(deps, { channel: 'kf', account, externalId })
    const key = `kf-servicer:${message.msgid}`
    const text = message.msgtype === 'text' ? (message.text?.content ?? '') : `[${message.msgtype}]`
    await recordOutbound(deps, conversation._id, { from: 'agent', text, outboxKey: key, agentName: message.servicer_userid })
    await markDelivery(deps, key, 'sent')
  }

  async function handleEvent(message: KfSyncMessage) {
    const event = message.event ?? {}
    try {
      await kfSeenEventModel(db).create({ _id: message.msgid, at: new Date() })
    } catch (err) {
      if (isDuplicateKeyError(err)) return
      throw err
    }
    switch (event.event_type) {
      case 'enter_session':
        if (event.welcome_code && event.external_userid) await welcome(event.external_userid, event.welcome_code, event.scene_param ?? '', message)
        return
      case 'msg_send_fail':
        if (event.fail_msgid) await recordSendFailure(event.fail_msgid, event.fail_type ?? 0)
        return
      case 'session_status_change':
        log.info({ changeType: event.change_type, servicer: event.new_servicer_userid ?? null }, '微信客服 session status changed')
        // 3: the servicer (or WeCom) ended the session; the customer's next message opens a new one.
        if (event.change_type === 3 && event.external_userid) await noteOnConversation(event.external_userid, message.msgid, wecomCopy.notes.sessionEnded)
        return
      default:
        log.debug({ eventType: event.event_type }, '微信客服 event ignored')
    }
  }

  /** enter_session: a greeting with the menu, sent with the event's code (20 s, once) — never through the queue. */
  async function welcome(externalId: string, code: string, sceneParam: string, message: KfSyncMessage) {
    const eventAt = (message.send_time ?? Math.floor(Date.now() / 1000)) * 1000
    if (Date.now() - eventAt > settings.welcomeCodeSeconds * 1000 * 3) return // caught up long after: the code is dead
    const clinics = await listClinics(db)
    const clinic = clinics.find((c) => c.code === sceneParam) ?? clinics.find((c) => c.code === defaultClinicCode) ?? clinics[0]
    const conversation = await openConversation(deps, { channel: 'kf', account, externalId, customerName: await customerName(externalId), clinicCode: clinic.code })
    const text = `${botCopy.greeting(clinic)}\n${botCopy.menu}`
    await sendNow(deps, {
      key: `kf-welcome:${message.msgid}:0`,
      conversation,
      text,
      origin: 'welcome',
      async send() {
        const answer = await client.post<{ msgid?: string }>('/cgi-bin/kf/send_msg_on_event', { code, msgtype: 'text', text: { content: text } })
        return { providerMessageId: answer.msgid }
      },
      classify: (err) => ({ status: 'failed', reason: err instanceof WecomApiError ? `wecom_${err.errcode}` : 'unexpected' }),
    })
  }

  async function noteOnConversation(externalId: string, msgid: string, text: string) {
    const conversation = await findConversationByCustomer(db, 'kf', externalId)
    if (!conversation) return
    try {
      await conversationMessageModel(db).create({ conversationId: conversation._id, direction: 'in', from: 'system', type: 'other', text, at: deps.clock.now(), providerMessageId: `kf-event:${msgid}` })
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err
    }
  }

  /** WeCom accepted a message and later could not deliver it: the history says so. */
  async function recordSendFailure(failMsgid: string, failType: number) {
    const Outbox = outboxModel(db)
    const reason = `kf_send_fail_${SEND_FAIL_TYPES[failType] ?? failType}`
    for (const row of await Outbox.find({ providerMessageId: failMsgid, account }).lean<OutboxDoc[]>()) {
      await transition<OutboxDoc>(db, Outbox, row._id, (doc) => doc.status === 'sent', () => ({ $set: { status: 'failed', lastError: reason } }))
      await markDelivery(deps, row.key, 'failed')
      if (row.conversationId) await publishLiveEvent(db, 'message', { conversationId: String(row.conversationId), from: 'bot', deliveryStatus: 'failed' })
    }
    log.warn({ reason }, '微信客服 could not deliver a message it had accepted')
  }

  /** The customer's WeChat nickname (kf/customer/batchget), once per customer per process. */
  async function customerName(externalId: string): Promise<string> {
    const known = names.get(externalId)
    if (known !== undefined) return known
    const conversation = await findConversationByCustomer(db, 'kf', externalId)
    let name = conversation?.customerName ?? ''
    if (!name) {
      try {
        const answer = await client.post<{ customer_list?: Array<{ external_userid?: string; nickname?: string; unionid?: string }> }>('/cgi-bin/kf/customer/batchget', { external_userid_list: [externalId] })
        const customer = answer.customer_list?.find((c) => c.external_userid === externalId)
        name = customer?.nickname ?? ''
        await rememberUnionId(deps, customer?.unionid, identityKey('kf', externalId))
      } catch (err) {
        log.debug({ err: err instanceof Error ? err.message : String(err) }, '微信客服 customer lookup failed')
      }
    }
    names.set(externalId, name)
    return name
  }

  /** One kf/send_msg per reply slot; a text over 2,048 bytes goes in parts. */
  async function sendReply(externalId: string, text: string, outboxKey: string): Promise<{ providerMessageId?: string }> {
    const parts = splitByBytes(text, KF_TEXT_MAX_BYTES)
    let last: string | undefined
    for (const [i, part] of parts.entries()) {
      const slot = await takeReplySlot(db, { openKfId, externalId, windowHours: settings.windowHours, maxReplies: settings.maxReplies, outboxKey })
      if ('refused' in slot) {
        if (i > 0) throw new SendError('permanent', 'partly_sent', `${i} of ${parts.length} parts went out; ${slot.detail}`)
        throw new SendError('permanent', slot.refused, `held back, not sent: ${slot.detail}`)
      }
      try {
        const answer = await client.post<{ msgid?: string }>('/cgi-bin/kf/send_msg', { touser: externalId, open_kfid: openKfId, msgtype: 'text', text: { content: part } })
        last = answer.msgid
      } catch (err) {
        await releaseReplySlot(db, slot.slotId)
        const failure = toSendError(err, KF_PERMANENT)
        if (i > 0) throw new SendError('permanent', 'partly_sent', `${i} of ${parts.length} parts went out; then ${failure.reason}`)
        throw failure
      }
    }
    return { providerMessageId: last }
  }

  /**
   * The attachment after its text: a picture (media_id) or a mini-program card (thumb_media_id),
   * both uploaded as temporary media first, in a reply slot of their own. The text is already out,
   * so nothing here throws: a failure is answered as the reason, recorded on the row, and the row
   * is never sent again.
   */
  async function sendAttachmentAfterText(externalId: string, attachment: MessageAttachment, outboxKey: string): Promise<string | undefined> {
    let body: Record<string, unknown>
    try {
      body =
        attachment.kind === 'image'
          ? { msgtype: 'image', image: { media_id: await uploadedImageId(db, client, attachment.url) } }
          : {
              msgtype: 'miniprogram',
              miniprogram: { appid: attachment.appId, title: attachment.title, thumb_media_id: await uploadedImageId(db, client, attachment.thumbUrl), pagepath: attachment.pagePath },
            }
    } catch (err) {
      return mediaFailure(err).reason
    }
    const slot = await takeReplySlot(db, { openKfId, externalId, windowHours: settings.windowHours, maxReplies: settings.maxReplies, outboxKey: `${outboxKey}:attachment` }).catch(
      (err: unknown) => ({ refused: 'unexpected', detail: err instanceof Error ? err.message : String(err) }) as const,
    )
    if ('refused' in slot) return `${slot.refused}: ${slot.detail}`
    try {
      await client.post('/cgi-bin/kf/send_msg', { touser: externalId, open_kfid: openKfId, ...body })
      return undefined
    } catch (err) {
      await releaseReplySlot(db, slot.slotId).catch(() => undefined)
      const failure = toSendError(err, KF_PERMANENT)
      return `${failure.reason}: ${failure.message}`
    }
  }

  async function handOff(conversationId: ConversationDoc['_id'], exceptOutboxKeys: string[] = []) {
    try {
      await handOffIfEscalated(deps, client, { openKfId, servicerUserId: settings.servicerUserId }, conversationId, exceptOutboxKeys)
    } catch (err) {
      log.error({ err }, '微信客服 hand-off check failed')
    }
  }

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
    sendText: (externalId, text) => sendReply(externalId, text, `direct:${Date.now()}`),
    async deliverOutboxMessage(message) {
      let merged: string[] = []
      try {
        const result = await deliverMerged(deps, message, (text) => sendReply(message.recipient, text, message.key))
        merged = result.mergedKeys
        const attachmentError = message.attachment ? await sendAttachmentAfterText(message.recipient, message.attachment, message.key) : undefined
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

/** Cuts text into pieces of at most `max` UTF-8 bytes, preferring line breaks. */
export function splitByBytes(text: string, max: number): string[] {
  if (Buffer.byteLength(text) <= max) return [text]
  const parts: string[] = []
  let current = ''
  for (const char of text) {
    if (Buffer.byteLength(current + char) > max) {
      const lineBreak = current.lastIndexOf('\n')
      if (lineBreak > current.length / 2) {
        parts.push(current.slice(0, lineBreak))
        current = current.slice(lineBreak + 1)
      } else {
        parts.push(current)
        current = ''
      }
    }
    current += char
  }
  if (current) parts.push(current)
  return parts
}
