/**
 * Simulated customers chatting with the real app through the sandbox routes (the Wechaty mock
 * puppet): each first adds the account and reads the welcome, then sends a line, waits for the
 * bot's answer to reach their chat, and sends the next — all of them at once. Run once for
 * bot_turn and inbound_rate.
 *
 * When a reply entered the outbox is read afterwards from the outbox rows' `createdAt`, so
 * nothing polls the database while the customers chat.
 */
import { conversationMessageModel } from '../core/conversations/model.ts'
import { outboxModel } from '../platform/outbox/model.ts'
import { inParallel, startBenchApp } from './app.ts'
import type { BenchContext } from './context.ts'

/** Questions with a one-line answer (no dialog, no hand-off), so each turn is one line back. */
const QUESTIONS = ['我有什么优惠券', '你们的地址在哪里', '我的积分还有多少', '谢谢']

export interface ChatRun {
  customers: number
  turns: number
  /** Per turn: the customer's line sent → the answer in the outbox, ms. */
  toOutboxMs: number[]
  /** Per turn: the customer's line sent → the answer in the customer's chat, ms. */
  toChatMs: number[]
  /** From the first line sent to the last answer in the outbox. */
  seconds: number
  /** A stored inbound message, for a baseline of the same size. */
  sampleInbound: Record<string, unknown>
  /** The app's database round trips per turn while the customers chatted (the outbox's idle polls included), and how many of them wrote. */
  roundTripsPerTurn: number
  writesPerTurn: number
}

/** Why a turn cannot come near a raw round trip on the embedded database (the counts are this run's). */
export function turnCostReason(chat: ChatRun, baseline: string): string {
  return (
    `by design on embedded FerretDB: an answered turn is ${chat.roundTripsPerTurn.toFixed(0)} database round trips, ${chat.writesPerTurn.toFixed(0)} of them writes ` +
    '(the inbound message, four guarded conversation changes — each a ticket insert, a read and a write, FerretDB v1 having no atomic conditional update — ' +
    `the outbox row, its pacing slot and two guarded outbox changes, the outbound message, live events), against ${baseline}; SQLite takes one writer at a time`
  )
}

export function chatRun(ctx: BenchContext): Promise<ChatRun> {
  return ctx.once('chat', async () => {
    const customers = ctx.size(200, 20)
    const turnsEach = 10
    const app = await startBenchApp(ctx, 'bench_chat', { countCommands: true })
    try {
      const ids: string[] = []
      await inParallel(Array.from({ length: customers }), 20, async (_, i) => {
        const created = await app.post('/api/sandbox/customers', { name: `客户${i}` })
        const welcome = app.nextBotLine(created.body.id)
        await app.post(`/api/sandbox/customers/${created.body.id}/friend-request`, { hello: '你好' })
        await welcome
        ids.push(created.body.id)
      })

      const sent: Array<{ customerId: string; at: number }> = []
      const toChatMs: number[] = []
      app.commands.reset()
      const startedAt = Date.now()
      await Promise.all(
        ids.map(async (customerId, c) => {
          for (let t = 0; t < turnsEach; t++) {
            const answered = app.nextBotLine(customerId)
            const at = Date.now()
            sent.push({ customerId, at })
            const res = await app.post(`/api/sandbox/customers/${customerId}/messages`, { text: QUESTIONS[(c + t) % QUESTIONS.length] })
            if (res.status !== 202) throw new Error(`the sandbox refused a message: ${res.status}`)
            await answered
            toChatMs.push(Date.now() - at)
          }
        }),
      )

      const roundTripsPerTurn = app.commands.total / sent.length
      const writesPerTurn = app.commands.writes / sent.length
      const { db } = app.running.deps
      const replies = await outboxModel(db).find({ origin: { $ne: 'welcome' } }, { recipient: 1, createdAt: 1 }).lean<Array<{ recipient: string; createdAt: Date }>>()
      const byCustomer = new Map<string, number[]>()
      for (const row of replies) byCustomer.set(row.recipient, [...(byCustomer.get(row.recipient) ?? []), row.createdAt.getTime()])
      for (const times of byCustomer.values()) times.sort((a, b) => a - b)
      const toOutboxMs: number[] = []
      let lastReply = startedAt
      for (const turn of sent) {
        const reply = byCustomer.get(turn.customerId)?.find((t) => t >= turn.at)
        if (reply === undefined) throw new Error(`no reply in the outbox for a turn of ${turn.customerId}`)
        toOutboxMs.push(reply - turn.at)
        lastReply = Math.max(lastReply, reply)
      }
      const sampleInbound = (await conversationMessageModel(db).findOne({ from: 'customer' }).lean<Record<string, unknown>>())!
      return { customers, turns: sent.length, toOutboxMs, toChatMs, seconds: (lastReply - startedAt) / 1000, sampleInbound, roundTripsPerTurn, writesPerTurn }
    } finally {
      await app.stop()
    }
  })
}
