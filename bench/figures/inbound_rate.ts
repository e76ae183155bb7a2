import { Types } from 'mongoose'
import { chatRun, turnCostReason } from '../chat-load.ts'
import type { BenchContext } from '../context.ts'
import type { Measured } from '../harness.ts'

/**
 * Inbound messages answered per second with all customers chatting at once, against the raw insert
 * rate of documents the size of a stored inbound message (as many writers, one insert each).
 */
export async function inboundRate(ctx: BenchContext): Promise<Measured> {
  const chat = await chatRun(ctx)
  const { db } = await ctx.freshDeps('bench_raw_inserts')
  const collection = db.collection('raw_inserts')
  const inserts = chat.turns
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: chat.customers }, async () => {
      while (next++ < inserts) await collection.insertOne({ ...chat.sampleInbound, _id: new Types.ObjectId() })
    }),
  )
  const rawRate = inserts / ((performance.now() - started) / 1000)
  return { value: chat.turns / chat.seconds, unit: 'msg/s', baseline: rawRate, reason: turnCostReason(chat, 'the baseline\'s one insert'), note: `${chat.turns.toLocaleString('en')} lines answered in ${chat.seconds.toFixed(1)} s; the baseline: ${inserts.toLocaleString('en')} inserts by ${chat.customers} writers` }
}
