import { enqueueMessage, startOutboxWorker, BULK_PRIORITY } from '../../platform/outbox/outbox.ts'
import type { OutboxDoc } from '../../platform/outbox/model.ts'
import { inParallel } from '../app.ts'
import type { BenchContext } from '../context.ts'
import type { Measured } from '../harness.ts'

const RATE_PER_SECOND = 50
const ACCOUNT = 'bench-account'

/**
 * The real outbox worker sending bulk messages through a stand-in channel that only records what
 * it was handed, at a configured pace, with more queued than the window can take.
 */
export async function dispatchRate(ctx: BenchContext): Promise<Measured> {
  const deps = await ctx.freshDeps('bench_dispatch')
  const seconds = ctx.size(60, 10)
  const queued = Math.ceil(RATE_PER_SECOND * seconds * 1.2)
  const keys = Array.from({ length: queued }, (_, i) => `bench:${i}`)
  await inParallel(keys, 16, async (key, i) => {
    await enqueueMessage(deps.db, { key, channel: 'wechaty', account: ACCOUNT, recipient: `customer-${i}`, text: `您好，这是第${i}条会员关怀消息。`, origin: 'broadcast', priority: BULK_PRIORITY })
  })

  const handed: Array<{ key: string; at: number }> = []
  const worker = startOutboxWorker({
    db: deps.db,
    log: deps.log,
    senders: { [ACCOUNT]: async (message: OutboxDoc) => void handed.push({ key: message.key, at: performance.now() }) },
    pacing: { perMinute: RATE_PER_SECOND * 60, burst: deps.config.SEND_BURST },
  })
  const started = performance.now()
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
  await worker.stop()
  const inWindow = handed.filter((h) => h.at - started <= seconds * 1000).length
  const duplicates = handed.length - new Set(handed.map((h) => h.key)).size
  return {
    value: inWindow / seconds,
    unit: 'msg/s',
    baseline: RATE_PER_SECOND,
    checks: { '0 duplicates': duplicates === 0 },
    note: `${inWindow.toLocaleString('en')} handed over in ${seconds} s of ${queued.toLocaleString('en')} queued (burst ${deps.config.SEND_BURST}); ${duplicates} duplicates`,
  }
}
