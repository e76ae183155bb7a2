import { Types } from 'mongoose'
import { chatRun, turnCostReason } from '../chat-load.ts'
import { percentile, type Measured } from '../harness.ts'
import type { BenchContext } from '../context.ts'

/**
 * A customer's line in → the bot's answer in the outbox, with the local NLU, all customers at once.
 * The baseline is what two raw driver round trips (one insert, one find by _id) take at the same
 * concurrency (as many clients, as many rounds), on the same database.
 */
export async function botTurn(ctx: BenchContext): Promise<Measured> {
  const chat = await chatRun(ctx)
  const { db } = await ctx.freshDeps('bench_round_trips')
  const collection = db.collection('round_trips')
  const doc = { ...chat.sampleInbound }
  const pairs: number[] = []
  const rounds = chat.turns / chat.customers
  await Promise.all(
    Array.from({ length: chat.customers }, async () => {
      for (let r = 0; r < rounds; r++) {
        const _id = new Types.ObjectId()
        const started = performance.now()
        await collection.insertOne({ ...doc, _id })
        await collection.findOne({ _id })
        pairs.push(performance.now() - started)
      }
    }),
  )
  const p50 = percentile(chat.toOutboxMs, 50)
  return {
    value: percentile(chat.toOutboxMs, 99),
    unit: 'ms p99',
    baseline: percentile(pairs, 99),
    reason: turnCostReason(chat, 'the baseline\'s 2'),
    note: `p50 ${p50.toFixed(0)} ms (baseline p50 ${percentile(pairs, 50).toFixed(1)} ms); to the customer's chat p50 ${percentile(chat.toChatMs, 50).toFixed(0)}, p99 ${percentile(chat.toChatMs, 99).toFixed(0)} ms; ${chat.turns.toLocaleString('en')} turns of ${chat.customers} customers`,
  }
}
