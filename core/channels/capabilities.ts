/**
 * What each kind of channel can do (../shared/wecom.md), so flows plan by capability, never by
 * channel name. Static data: a broadcast planned on any instance knows it without the bot running.
 */
export type ChannelKind = 'wechaty' | 'wecom' | 'kf'

export interface ChannelCapabilities {
  /** May message a customer unprompted (greetings, surveys) right away. */
  directSend: boolean
  /** Replies only inside a window after the customer's last message (微信客服: 48 h, 5 messages). */
  replyWindow: { hours: number; maxMessages: number } | null
  /** Unprompted messages become a mass-message task a staff member confirms (客户联系), capped per customer. */
  confirmedMassTask: boolean
  /** The add-contact event carries a welcome code usable only this many seconds (客户联系: 20). */
  welcomeCodeSeconds: number | null
  media: { image: boolean; link: boolean; miniProgram: boolean }
}

export const CHANNEL_CAPABILITIES: Record<ChannelKind, ChannelCapabilities> = {
  wechaty: { directSend: true, replyWindow: null, confirmedMassTask: false, welcomeCodeSeconds: null, media: { image: true, link: true, miniProgram: true } },
  wecom: { directSend: false, replyWindow: null, confirmedMassTask: true, welcomeCodeSeconds: 20, media: { image: true, link: true, miniProgram: true } },
  kf: { directSend: false, replyWindow: { hours: 48, maxMessages: 5 }, confirmedMassTask: false, welcomeCodeSeconds: 20, media: { image: true, link: true, miniProgram: true } },
}

export type ChannelMedia = ChannelCapabilities['media']

/**
 * What a Wechaty puppet sends beyond its kind's defaults, by the account's puppet
 * (`wechaty:<puppet>`): wechaty-puppet-wechat4u throws "unsupported" for links and mini-program
 * cards; the sandbox (mock) records images and mini-program cards but drops links. A puppet service
 * depends on its provider: assumed to send all of them.
 */
const PUPPET_MEDIA: Record<string, Partial<ChannelMedia>> = {
  wechat4u: { link: false, miniProgram: false },
  mock: { link: false },
}

/** The media a conversation's channel and account can carry (an unknown account: its kind's defaults). */
export function mediaOf(kind: ChannelKind, account?: string | null): ChannelMedia {
  const puppet = kind === 'wechaty' && account?.startsWith('wechaty:') ? account.slice('wechaty:'.length) : null
  return { ...CHANNEL_CAPABILITIES[kind].media, ...(puppet ? PUPPET_MEDIA[puppet] : undefined) }
}

/** The kinds of attachment a broadcast can carry with its text. */
export type AttachmentKind = 'image' | 'mini_program'

export function carriesAttachment(media: ChannelMedia, kind: AttachmentKind): boolean {
  return kind === 'image' ? media.image : media.miniProgram
}

/** How an unprompted message (broadcast, care greeting, survey) can reach a customer on a channel right now. */
export type UnpromptedRoute = { kind: 'send' } | { kind: 'mass_task' } | { kind: 'skip'; reason: 'no_open_window' | 'channel_cannot_send' }

export function unpromptedRoute(channel: ChannelKind, lastCustomerMessageAt: Date | null, now: Date): UnpromptedRoute {
  const caps = CHANNEL_CAPABILITIES[channel]
  if (caps.directSend) return { kind: 'send' }
  if (caps.confirmedMassTask) return { kind: 'mass_task' }
  if (caps.replyWindow) {
    const open = lastCustomerMessageAt && now.getTime() - lastCustomerMessageAt.getTime() < caps.replyWindow.hours * 3600_000
    return open ? { kind: 'send' } : { kind: 'skip', reason: 'no_open_window' }
  }
  return { kind: 'skip', reason: 'channel_cannot_send' }
}
