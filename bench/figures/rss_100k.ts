import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { MEMBERS_DB, membership } from '../member-fixtures.ts'
import type { BenchContext } from '../context.ts'
import type { Measured } from '../harness.ts'

const TIMEOUT_S = 900

/**
 * The app's own process (bench/load/app-rss.ts), started on the seeded membership, with as many
 * open conversations as simulated customers chatting; its peak RSS from the kernel (maxRSS). It runs
 * with the bench's Node flags, so the V8 old-space cap is the bench's.
 */
export async function rss100k(ctx: BenchContext): Promise<Measured> {
  const { members } = await membership(ctx)
  const customers = ctx.size(1_000, 50)
  const script = fileURLToPath(new URL('../load/app-rss.ts', import.meta.url))
  const out = await new Promise<string>((resolve, reject) => {
    // Bounded, but generously: on a loaded machine 1,000 chats took more than five minutes.
    execFile(process.execPath, [...process.execArgv, script, JSON.stringify({ uri: ctx.uriFor(MEMBERS_DB), customers })], { timeout: TIMEOUT_S * 1000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`the app process failed${err.killed ? ` (stopped after ${TIMEOUT_S} s)` : ''}: ${err.message}\n${stderr}`)) : resolve(stdout),
    )
  })
  const { peakMb, heapMb, answered } = JSON.parse(out.trim().split('\n').pop()!) as { peakMb: number; heapMb: number; answered: number }
  return { value: peakMb, unit: 'MB', note: `${members.toLocaleString('en')} members, ${answered.toLocaleString('en')} open conversations answered, the console's lists served; heap in use at the end ${heapMb.toFixed(0)} MB; Node flags: ${process.execArgv.filter((a) => a.startsWith('--max')).join(' ') || 'none'}` }
}
