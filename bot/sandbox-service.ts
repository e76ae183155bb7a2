import { randomBytes } from 'node:crypto'
import { types } from 'wechaty'
import { findMemberByIdentity } from '../core/members/service.ts'
import type { Deps } from '../platform/deps.ts'
import { isDuplicateKeyError, notFound, ruleNotMet } from '../platform/errors.ts'
import type { Sandbox } from './channels/wechaty/sandbox.ts'
import { WECHATY_INBOUND_TYPES } from './channels/wechaty/wechaty-channel.ts'
import { sandboxCustomerModel, sandboxTranscriptModel } from './channels/wechaty/sandbox-store.ts'

/** What kind of message a transcript line is, as the API names it. */
const LINE_TYPES: Partial<Record<types.Message, string>> = {
  ...WECHATY_INBOUND_TYPES,
  // cards and links show in the transcript, though the bot does not read them
  [types.Message.MiniProgram]: 'mini_program',
  [types.Message.Url]: 'link',
}

export interface SandboxLineView {
  from: 'customer' | 'bot' | 'agent'
  text: string
  at: string
  type?: string
  url?: string
  title?: string
}

export interface SandboxCustomerView {
  id: string
  name: string
  memberId: string | null
}

/**
 * The sandbox as the HTTP API offers it: simulated customers that talk to the real bot through
 * the Wechaty mock puppet. What a customer sees is stored with who said it (bot or agent).
 */
export function createSandboxService(deps: Pick<Deps, 'db' | 'log'>, sandbox: Sandbox) {
  const Customer = sandboxCustomerModel(deps.db)
  const Transcript = sandboxTranscriptModel(deps.db)
  /** Who is speaking through the bot account right now, per customer (set by the outbox sender). */
  const speaking = new Map<string, 'bot' | 'agent'>()

  sandbox.onTranscript((customerId, entry) => {
    const from = entry.from === 'customer' ? 'customer' : (speaking.get(customerId) ?? 'bot')
    const media = { type: LINE_TYPES[entry.type] ?? 'other', url: entry.url, title: entry.title }
    Transcript.create({ customerId, messageId: entry.messageId, from, text: entry.text, at: entry.at, ...media }).catch((err: unknown) => {
      if (!isDuplicateKeyError(err)) deps.log.error({ err }, 'sandbox transcript write failed')
    })
  })

  async function existing(id: string) {
    const customer = await Customer.findById(id).lean()
    if (!customer) throw notFound('customer_not_found', `No sandbox customer ${id}.`)
    return customer
  }

  async function view(customer: { _id: string; name: string }): Promise<SandboxCustomerView> {
    const member = await findMemberByIdentity(deps, 'wechaty', customer._id)
    return { id: customer._id, name: customer.name, memberId: member?.id ?? null }
  }

  return {
    /** Re-creates the stored customers in the mock puppet after a restart. */
    async restore() {
      for (const customer of await Customer.find().lean()) {
        sandbox.createCustomer({ id: customer._id, name: customer.name })
      }
    },
    async createCustomer(input: { name: string; phone?: string; birthday?: string; clinicCode?: string }): Promise<SandboxCustomerView> {
      const id = `c_${randomBytes(6).toString('hex')}`
      await Customer.create({ _id: id, ...input })
      sandbox.createCustomer({ id, name: input.name })
      return { id, name: input.name, memberId: null }
    },
    async getCustomer(id: string) {
      return view(await existing(id))
    },
    async clinicOf(id: string) {
      return (await existing(id)).clinicCode ?? null
    },
    async sendFriendRequest(id: string, hello: string) {
      await existing(id)
      sandbox.sendFriendRequest(id, hello)
    },
    /** Several lines are sent in one go, none waiting for the bot: the burst a fast typist makes. */
    async say(id: string, lines: string[]) {
      await existing(id)
      if (lines.some((text) => !text.trim())) throw ruleNotMet('empty_message', 'The message is empty.')
      for (const text of lines) sandbox.customerSays(id, text)
    },
    async sendImage(id: string) {
      await existing(id)
      sandbox.customerSendsImage(id)
    },
    async transcript(id: string) {
      await existing(id)
      const rows = await Transcript.find({ customerId: id }).sort({ at: 1, _id: 1 }).lean()
      return rows.map((row): SandboxLineView => ({
        from: row.from as SandboxLineView['from'],
        text: row.text,
        at: row.at.toISOString(),
        ...(row.type ? { type: row.type } : {}),
        ...(row.url ? { url: row.url } : {}),
        ...(row.title ? { title: row.title } : {}),
      }))
    },
    /** Marks who speaks in the next message to this customer (the bot account carries agents' replies too). */
    speakingAs(customerId: string, who: 'bot' | 'agent') {
      speaking.set(customerId, who)
    },
  }
}

export type SandboxService = ReturnType<typeof createSandboxService>
