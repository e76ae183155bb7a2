import type { Deps } from '../../../platform/deps.ts'
import type { OutboxDoc } from '../../../platform/outbox/model.ts'
import type { Channel } from '../../../core/channels/channel.ts'
import { createKfChannel, type KfChannel } from '../kf/kf-channel.ts'
import { startCallbackInbox, type CallbackHandler, type CallbackInbox, type HandledEvent } from '../../../platform/wecom/callback-inbox.ts'
import { createContactChannel, type ContactChannel } from './contact-channel.ts'
import { contactSettings, kfSettings } from '../../../platform/wecom/settings.ts'
import { sharedWecomClient } from '../../../platform/wecom/shared-client.ts'

/**
 * The WeCom channels this instance runs, from the settings present: 客户联系 (WECOM_SENDER_USERID)
 * and 微信客服 (WECOM_KF_OPEN_KFID), both on the one self-built app and its one callback URL.
 * The callback inbox starts after the channels, once they have their handlers.
 */
export interface WecomChannels {
  channels: Channel[]
  contact: ContactChannel | null
  kf: KfChannel | null
  /** Starts working off stored callbacks; call after every channel's start(). */
  startInbox(): void
  stop(): Promise<void>
}

export function createWecomChannels(deps: Deps, options: { defaultClinicCode: string }): WecomChannels {
  const client = sharedWecomClient(deps)
  const contactConfig = contactSettings(deps.config)
  const kfConfig = kfSettings(deps.config)
  const contact = client && contactConfig ? createContactChannel(deps, client, contactConfig) : null
  const kf = client && kfConfig ? createKfChannel(deps, client, { settings: kfConfig, defaultClinicCode: options.defaultClinicCode }) : null
  if (client && !contact && !kf) deps.log.warn('WeCom app settings are present but neither WECOM_SENDER_USERID (客户联系) nor WECOM_KF_OPEN_KFID (微信客服) is set: callbacks are verified and ignored')
  let inbox: CallbackInbox | null = null

  return {
    channels: [contact, kf].filter((c): c is ContactChannel | KfChannel => c !== null),
    contact,
    kf,
    startInbox() {
      const handlers: Partial<Record<HandledEvent, CallbackHandler>> = {}
      if (contact) handlers.change_external_contact = (callback) => contact.handleCallback(callback)
      if (kf) handlers.kf_msg_or_event = (callback) => kf.handleCallback(callback)
      if (Object.keys(handlers).length) inbox = startCallbackInbox({ db: deps.db, log: deps.log, handlers })
    },
    async stop() {
      await inbox?.stop()
    },
  }
}

/** A channel that takes whole outbox rows (it merges lines, or turns them into mass-message tasks) instead of bare texts. */
export interface OutboxDeliveringChannel extends Channel {
  deliverOutboxMessage(message: OutboxDoc): Promise<{ providerMessageId?: string; attachmentError?: string }>
}

export function deliversOutboxRows(channel: Channel): channel is OutboxDeliveringChannel {
  return typeof (channel as Partial<OutboxDeliveringChannel>).deliverOutboxMessage === 'function'
}
