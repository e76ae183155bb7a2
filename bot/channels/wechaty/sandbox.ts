/**
 * Sandbox driver (BOT_PUPPET=mock): simulated WeChat customers talking to a
 * real Wechaty bot through the real Wechaty event path.
 *
 *   customer ──mocker ContactMock.say().to(botUser)──▶ puppet 'message' ──▶ bot.on('message')
 *   customer ──SandboxPuppet.receiveFriendRequest──▶ puppet 'friendship' ──▶ bot.on('friendship')
 *   bot contact.say(text) ──▶ PuppetMock.messageSendText ──▶ botUser.say(text).to(customer)
 *
 * The transcript is fed by the mocker's per-contact `message` events, i.e. by
 * what actually reached the simulated customer's chat, not by hooks in our
 * bot code.
 */
import { randomUUID } from 'node:crypto'
import { FileBox, type FileBoxInterface } from 'file-box'
import { WechatyBuilder, types, type Wechaty } from 'wechaty'
import type { mock } from 'wechaty-puppet-mock'
import { SandboxPuppet } from './sandbox-puppet.ts'

type ContactMock = mock.ContactMock
type MessageMock = mock.MessageMock

export interface TranscriptEntry {
  from: 'customer' | 'bot'
  /** message text; for non-text messages a placeholder like `[Image: photo.png]` */
  text: string
  at: Date
  /** wechaty `types.Message` (same values as `bot.Message.Type`) */
  type: types.Message
  messageId: string
  /** An image sent from a URL: where it is. */
  url?: string
  /** A mini-program card: its title (the text reads `[小程序] <title>`). */
  title?: string
}

export interface SandboxCustomer {
  id: string
}

export interface SandboxStartOptions {
  /**
   * A bot built with `WechatyBuilder.build({ puppet: new SandboxPuppet() })`,
   * e.g. by the production wiring. Built here when omitted.
   * Do NOT give it a `name`: Wechaty would write `<name>.memory-card.json` into the cwd.
   */
  bot?: Wechaty
  /** display name of the logged-in bot account */
  botName?: string
  botId?: string
}

/** 1×1 transparent PNG, used when a test does not care about the image bytes */
const PIXEL_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='

type TranscriptListener = (customerId: string, entry: TranscriptEntry) => void

export class Sandbox {
  readonly bot: Wechaty
  readonly puppet: SandboxPuppet
  readonly botUserId: string
  private readonly transcripts = new Map<string, TranscriptEntry[]>()
  private readonly listeners = new Set<TranscriptListener>()

  private constructor(bot: Wechaty, puppet: SandboxPuppet, botUserId: string) {
    this.bot = bot
    this.puppet = puppet
    this.botUserId = botUserId
  }

  /** Build (or take) the bot, start it, log the mock bot account in and wait for `login` + `ready`. */
  static async start(options: SandboxStartOptions = {}): Promise<Sandbox> {
    const bot = options.bot ?? WechatyBuilder.build({ puppet: new SandboxPuppet() })
    await bot.start()
    const puppet = bot.puppet
    if (!(puppet instanceof SandboxPuppet)) {
      await bot.stop()
      throw new Error('Sandbox.start(): the bot must be built with a SandboxPuppet instance')
    }
    const botUser = puppet.mocker.createContact({
      id: options.botId ?? 'sandbox-bot',
      name: options.botName ?? 'CareDesk',
      friend: false,
      type: types.Contact.Individual,
    })
    const loggedIn = new Promise<void>(resolve => bot.once('login', () => resolve()))
    puppet.mocker.login(botUser) // puppet 'login' → Wechaty loads ContactSelf → bot 'login'
    await loggedIn
    // Real puppets emit 'ready' once the contact list is synced; the mock never does,
    // so without this `await bot.ready()` would hang forever.
    puppet.emit('ready', { data: 'sandbox' })
    await bot.ready()
    return new Sandbox(bot, puppet, botUser.id)
  }

  get mocker() {
    return this.puppet.mocker
  }

  async stop(): Promise<void> {
    this.listeners.clear()
    await this.bot.stop()
  }

  /** A simulated WeChat user that is not (yet) the bot's friend. */
  createCustomer({ id, name }: { id?: string; name: string }): SandboxCustomer {
    const customerId = id ?? `sandbox-customer-${randomUUID()}`
    // PuppetMock routes any conversation id containing '@' to RoomMock.
    if (customerId.includes('@')) throw new Error(`customer id must not contain '@': ${customerId}`)
    if (this.mocker.cacheContactPayload.has(customerId)) throw new Error(`customer ${customerId} already exists`)
    const contact = this.mocker.createContact({
      id: customerId,
      name,
      friend: false,
      type: types.Contact.Individual,
      gender: types.ContactGender.Unknown,
      alias: undefined,
      phone: [],
    })
    this.transcripts.set(customerId, [])
    contact.on('message', (msg: MessageMock) => this.record(customerId, msg))
    return { id: customerId }
  }

  /** The customer asks to add the bot: a real `friendship` event of type Receive. Returns the friendship id. */
  sendFriendRequest(customerId: string, hello = ''): string {
    this.customer(customerId)
    return this.puppet.receiveFriendRequest(customerId, hello)
  }

  isFriend(customerId: string): boolean {
    return this.customer(customerId).payload.friend === true
  }

  /** The customer sends a text to the bot: a real `message` event reaches `bot.on('message')`. */
  customerSays(customerId: string, text: string): void {
    this.customer(customerId).say(text).to(this.botUser())
  }

  /** The customer sends a file; the mock derives the message type from the name / media type (.png/.jpg → Image). */
  customerSendsFile(customerId: string, file: FileBoxInterface): void {
    this.customer(customerId).say(file).to(this.botUser())
  }

  /** The customer sends an image (a 1×1 PNG unless `file` is given). */
  customerSendsImage(customerId: string, file?: FileBoxInterface): void {
    this.customerSendsFile(customerId, file ?? FileBox.fromBase64(PIXEL_PNG_BASE64, 'photo.png'))
  }

  /** Everything the customer sent and everything the bot sent to that customer, oldest first. */
  transcript(customerId: string): TranscriptEntry[] {
    this.customer(customerId)
    return [...(this.transcripts.get(customerId) ?? [])]
  }

  /** Subscribe to new transcript entries (all customers). Returns the unsubscribe function. */
  onTranscript(listener: TranscriptListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Resolves with the first bot message to `customerId` that matches `predicate`
   * and was sent after the customer's latest message (or after `options.after`
   * transcript entries). Rejects after `timeoutMs`.
   */
  waitForBotReply(
    customerId: string,
    predicate: (entry: TranscriptEntry) => boolean = () => true,
    timeoutMs = 3000,
    options: { after?: number } = {},
  ): Promise<TranscriptEntry> {
    const entries = this.transcript(customerId)
    const after = options.after ?? entries.map(e => e.from).lastIndexOf('customer') + 1
    const match = (e: TranscriptEntry) => e.from === 'bot' && predicate(e)
    const existing = entries.slice(after).find(match)
    if (existing) return Promise.resolve(existing)

    return new Promise<TranscriptEntry>((resolve, reject) => {
      const timer = setTimeout(() => {
        off()
        const seen = this.transcript(customerId).map(e => `${e.from}: ${e.text}`).join('\n  ')
        reject(new Error(`no matching bot reply to ${customerId} within ${timeoutMs}ms; transcript:\n  ${seen}`))
      }, timeoutMs)
      const off = this.onTranscript((id, entry) => {
        if (id !== customerId || !match(entry)) return
        clearTimeout(timer)
        off()
        resolve(entry)
      })
    })
  }

  private customer(customerId: string): ContactMock {
    if (!this.transcripts.has(customerId)) throw new Error(`unknown sandbox customer ${customerId}`)
    return this.mocker.ContactMock.load(customerId)
  }

  private botUser(): ContactMock {
    return this.mocker.ContactMock.load(this.botUserId)
  }

  private record(customerId: string, msg: MessageMock): void {
    const payload = msg.payload
    if (payload.roomId) return // 1:1 transcript only
    let from: TranscriptEntry['from']
    if (payload.talkerId === customerId && payload.listenerId === this.botUserId) from = 'customer'
    else if (payload.talkerId === this.botUserId && payload.listenerId === customerId) from = 'bot'
    else return
    const entry: TranscriptEntry = {
      from,
      text: payload.type === types.Message.Text ? (payload.text ?? '') : this.placeholder(msg),
      at: new Date(payload.timestamp),
      type: payload.type,
      messageId: payload.id,
    }
    const card = payload.type === types.Message.MiniProgram ? this.puppet.sentMiniProgram(payload.id) : undefined
    if (card) Object.assign(entry, { text: `[小程序] ${card.title ?? ''}`.trim(), title: card.title ?? '' })
    const fileUrl = (this.mocker.cacheFileBoxPayload.get(payload.id) as { url?: unknown } | undefined)?.url
    if (typeof fileUrl === 'string' && /^https?:\/\//.test(fileUrl)) entry.url = fileUrl
    this.transcripts.get(customerId)?.push(entry)
    for (const listener of [...this.listeners]) listener(customerId, entry)
  }

  private placeholder(msg: MessageMock): string {
    const file = this.mocker.cacheFileBoxPayload.get(msg.id)
    const kind = types.Message[msg.payload.type] ?? 'Unknown'
    return file?.name ? `[${kind}: ${file.name}]` : `[${kind}]`
  }
}
