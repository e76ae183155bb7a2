import { extname, join } from 'node:path'
import { FileBox } from 'file-box'
import qrcodeTerminal from 'qrcode-terminal'
import { WechatyBuilder, types, type Message, type Wechaty } from 'wechaty'
import type { Config } from '../../../platform/config.ts'
import type { Logger } from '../../../platform/log.ts'
import { SendError } from '../../../platform/outbox/send-error.ts'
import { CHANNEL_CAPABILITIES, mediaOf } from '../../../core/channels/capabilities.ts'
import type { MessageAttachment } from '../../../platform/outbox/model.ts'
import type { Channel, ChannelHandlers, ChannelStatus, InboundType } from '../../../core/channels/channel.ts'
import { Sandbox } from './sandbox.ts'
import { SandboxPuppet } from './sandbox-puppet.ts'

/** The Wechaty message types the bot reads, as the channel contract names them. */
export const WECHATY_INBOUND_TYPES: Partial<Record<types.Message, InboundType>> = {
  [types.Message.Text]: 'text',
  [types.Message.Image]: 'image',
  [types.Message.Audio]: 'voice',
  [types.Message.Emoticon]: 'sticker',
  [types.Message.Attachment]: 'file',
  [types.Message.Video]: 'video',
}

export interface WechatyChannel extends Channel {
  /** Present with BOT_PUPPET=mock: drives simulated customers. */
  readonly sandbox: Sandbox | null
}

/**
 * Puppets choose how to send a file by its name (the mock by its extension: .jpg/.png → an image),
 * so a picture URL without one is named as a JPEG.
 */
function imageName(url: string): string {
  let base = ''
  try {
    base = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '')
  } catch {
    // a malformed escape: the generic name below
  }
  return ['.jpg', '.jpeg', '.png', '.gif'].includes(extname(base).toLowerCase()) ? base : 'image.jpg'
}

/** A Wechaty puppet as a channel: mock (sandbox), wechat4u (personal WeChat) or service (puppet service token). */
export function createWechatyChannel(config: Config, log: Logger): WechatyChannel {
  let bot: Wechaty | null = null
  let sandbox: Sandbox | null = null
  let handlers: ChannelHandlers | null = null
  const state: ChannelStatus = { state: 'starting', account: null, qr: null, detail: null }

  function build(): Wechaty {
    if (config.BOT_PUPPET === 'mock') return WechatyBuilder.build({ puppet: new SandboxPuppet() })
    // A named bot keeps its login session in a memory card, so a restart needs no new scan where the puppet allows.
    const name = join(config.dataDir, 'wechaty', 'caredesk')
    if (config.BOT_PUPPET === 'service') {
      return WechatyBuilder.build({
        name,
        puppet: 'wechaty-puppet-service',
        puppetOptions: { token: config.WECHATY_PUPPET_SERVICE_TOKEN, endpoint: config.WECHATY_PUPPET_SERVICE_ENDPOINT },
      })
    }
    return WechatyBuilder.build({ name, puppet: 'wechaty-puppet-wechat4u' })
  }

  async function onMessage(message: Message) {
    if (message.self() || message.room()) return // 1:1 customer service only; the bot also hears its own sends
    const talker = message.talker()
    await handlers!.onMessage({
      externalId: talker.id,
      customerName: talker.name(),
      providerMessageId: message.id,
      type: WECHATY_INBOUND_TYPES[message.type()] ?? 'other',
      text: message.type() === types.Message.Text ? message.text() : '',
      at: message.date(),
    })
  }

  function attach(instance: Wechaty) {
    instance.on('scan', (qrcode, status) => {
      state.state = 'waiting_for_scan'
      state.qr = qrcode
      if (status === types.ScanStatus.Waiting || status === types.ScanStatus.Timeout) {
        console.log('Scan this QR code with the clinic account’s WeChat to log the bot in:')
        qrcodeTerminal.generate(qrcode, { small: true })
      }
    })
    instance.on('login', (user) => {
      Object.assign(state, { state: 'logged_in', account: user.name(), qr: null, detail: null })
      log.info({ puppet: config.BOT_PUPPET }, 'WeChat account logged in')
    })
    instance.on('logout', (_user, reason) => {
      Object.assign(state, { state: 'logged_out', detail: reason ?? null })
      log.error({ puppet: config.BOT_PUPPET }, 'ALERT: the WeChat account was logged out; scan the login QR code in the console to reconnect')
    })
    instance.on('error', (error) => {
      state.detail = error.message
      log.error({ err: error }, 'wechaty error')
    })
    instance.on('friendship', async (friendship) => {
      try {
        if (friendship.type() !== types.Friendship.Receive) return
        const contact = friendship.contact()
        await friendship.accept()
        await handlers!.onContactAdded({ externalId: contact.id, customerName: contact.name(), hello: friendship.hello(), clinicCode: null })
      } catch (err) {
        log.error({ err }, 'friend request handling failed')
      }
    })
    instance.on('message', async (message) => {
      try {
        await onMessage(message)
      } catch (err) {
        log.error({ err, messageId: message.id }, 'message handling failed')
      }
    })
  }

  async function customer(externalId: string) {
    if (!bot) throw new SendError('transient', 'not_started', 'the WeChat channel is not started')
    if (state.state !== 'logged_in') throw new SendError('transient', 'logged_out', 'the WeChat account is not logged in', 30_000)
    const contact = await bot.Contact.find({ id: externalId })
    if (!contact) throw new SendError('permanent', 'customer_gone', 'the customer is no longer a contact')
    return contact
  }

  async function sendAttachment(externalId: string, attachment: MessageAttachment) {
    const contact = await customer(externalId)
    const sayable =
      attachment.kind === 'image'
        ? FileBox.fromUrl(attachment.url, { name: imageName(attachment.url) })
        : new bot!.MiniProgram({ appid: attachment.appId, pagePath: attachment.pagePath, title: attachment.title, thumbUrl: attachment.thumbUrl })
    try {
      await contact.say(sayable)
    } catch (err) {
      throw new SendError('transient', 'send_failed', err instanceof Error ? err.message : String(err))
    }
  }

  const account = `wechaty:${config.BOT_PUPPET}`
  return {
    kind: 'wechaty',
    account,
    // What this puppet can send beyond text (core/channels/capabilities.ts: wechat4u has no links or mini-program cards).
    capabilities: { ...CHANNEL_CAPABILITIES.wechaty, media: mediaOf('wechaty', account) },
    get sandbox() {
      return sandbox
    },
    async start(h) {
      handlers = h
      bot = build()
      attach(bot)
      if (config.BOT_PUPPET === 'mock') {
        sandbox = await Sandbox.start({ bot, botName: 'CareDesk 客服' })
      } else {
        await bot.start()
      }
    },
    async stop() {
      state.state = 'stopped'
      if (sandbox) await sandbox.stop()
      else await bot?.stop()
    },
    async sendText(externalId, text) {
      const contact = await customer(externalId)
      try {
        await contact.say(text)
      } catch (err) {
        throw new SendError('transient', 'send_failed', err instanceof Error ? err.message : String(err))
      }
    },
    sendAttachment,
    status: () => ({ ...state }),
  }
}
