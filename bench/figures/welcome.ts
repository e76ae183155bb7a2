import { inParallel, startBenchApp } from '../app.ts'
import { percentile } from '../harness.ts'
import type { Figure } from '../figure.ts'

const WELCOME_CODE_WINDOW_MS = 20_000
const AT_ONCE = 20

/** A friend add in (the sandbox's real add-contact event) → the welcome with its coupon handed to the channel. */
export const welcome: Figure = {
  id: 'welcome',
  title: "add-contact event in → welcome with coupon handed to the channel, p99 over 500 adds (vs WeCom's 20 s welcome-code window)",
  target: { valueBelow: 2000 },
  async run(ctx) {
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
  },
}
