import { inParallel, startBenchApp } from '../app.ts'
import { percentile, type Measured } from '../harness.ts'
import type { BenchContext } from '../context.ts'

const WELCOME_CODE_WINDOW_MS = 20_000
const AT_ONCE = 20

/** A friend add in (the sandbox's real add-contact event) → the welcome with its coupon handed to the channel. */
export async function welcome(ctx: BenchContext): Promise<Measured> {
  const adds = ctx.size(500, 40)
  const app = await startBenchApp(ctx, 'bench_welcome')
  try {
    const times: number[] = []
    await inParallel(Array.from({ length: adds }), AT_ONCE, async (_, i) => {
      const { body } = await app.post('/api/sandbox/customers', { name: `新客${i}` })
      const welcomed = app.nextBotLine(body.id, (line) => line.text.includes('券'))
      const started = performance.now()
      await app.post(`/api/sandbox/customers/${body.id}/friend-request`, { hello: '你好' })
      await welcomed
      times.push(performance.now() - started)
    })
    return { value: percentile(times, 99), unit: 'ms p99', baseline: WELCOME_CODE_WINDOW_MS, note: `p50 ${percentile(times, 50).toFixed(0)} ms; ${adds} adds, ${AT_ONCE} at a time` }
  } finally {
    await app.stop()
  }
}
