/**
 * One interface between the outside world (Wechaty puppets, WeCom 客户联系, WeCom 微信客服) and the
 * dialog engine. Each channel declares what it can do, so flows plan by capability, never by name.
 */
import type { ChannelCapabilities, ChannelKind } from './capabilities.ts'
import type { MessageAttachment } from '../../platform/outbox/model.ts'

export type { ChannelCapabilities, ChannelKind }

export type InboundType = 'text' | 'image' | 'voice' | 'sticker' | 'file' | 'video' | 'other'

export interface InboundMessage {
  externalId: string
  customerName: string
  providerMessageId: string
  type: InboundType
  text: string
  at: Date
}

export interface ContactAdded {
  externalId: string
  customerName: string
  /** The friend-request greeting, if the customer wrote one. */
  hello: string
  /** Which clinic's account or 联系我 code the customer added (the channel's default otherwise). */
  clinicCode: string | null
  /** A one-time welcome code (客户联系), valid only for a few seconds. */
  welcomeCode?: string
}

export interface ChannelHandlers {
  onMessage(message: InboundMessage): Promise<void>
  onContactAdded(event: ContactAdded): Promise<void>
  onContactRemoved?(externalId: string): Promise<void>
}

export interface ChannelStatus {
  state: 'starting' | 'waiting_for_scan' | 'logged_in' | 'logged_out' | 'error' | 'stopped'
  account: string | null
  /** The login QR code's content while waiting for a scan (real puppets). */
  qr: string | null
  detail: string | null
}

export interface Channel {
  readonly kind: ChannelKind
  /** The pacing bucket of this account in the outbox. */
  readonly account: string
  readonly capabilities: ChannelCapabilities
  start(handlers: ChannelHandlers): Promise<void>
  stop(): Promise<void>
  /** Throws SendError (platform/outbox/send-error.ts) on failure. */
  sendText(externalId: string, text: string): Promise<{ providerMessageId?: string } | void>
  /** Sends an image or a mini-program card on its own (after the text it belongs to); throws on failure. Present where `capabilities.media` says so. */
  sendAttachment?(externalId: string, attachment: MessageAttachment): Promise<void>
  status(): ChannelStatus
  /** 客户联系: unprompted messages become a task the staff member confirms in WeCom; results are polled. */
  createMassTask?(externalIds: string[], text: string): Promise<{ taskId: string; failed: string[] }>
  massTaskResults?(taskId: string): Promise<Array<{ externalId: string; status: 'pending' | 'sent' | 'not_friend' | 'cap_reached' }>>
}
