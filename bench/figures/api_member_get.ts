import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import Koa from 'koa'
import { Types } from 'mongoose'
import { startBenchApp } from '../app.ts'
import { MEMBERS_DB, membership } from '../member-fixtures.ts'
import { runHttpLoad } from '../load/run-http-load.ts'
import type { BenchContext } from '../context.ts'
import type { Measured } from '../harness.ts'

const CONNECTIONS = 32

/**
 * The console's member record through the real app (auth, the record, its points balance, the
 * access log), against a bare Koa handler doing the same findOne with the driver, in the same
 * process, each loaded by autocannon from a child process.
 */
export async function apiMemberGet(ctx: BenchContext): Promise<Measured> {
  const { sampleIds, members } = await membership(ctx)
  const seconds = ctx.size(10, 3)
  const app = await startBenchApp(ctx, MEMBERS_DB, { fresh: false })
  const bare = new Koa()
  const collection = app.running.deps.db.collection('members')
  bare.use(async (koa) => {
    const id = koa.path.split('/').pop()!
    koa.body = await collection.findOne({ _id: new Types.ObjectId(id) })
  })
  const bareServer = createServer(bare.callback())
  await new Promise<void>((resolve) => bareServer.listen(0, '127.0.0.1', resolve))
  try {
    const token = await app.login()
    const paths = sampleIds.map((id) => `/api/members/${id}`)
    const load = (origin: string, headers?: Record<string, string>, s = seconds) => runHttpLoad({ origin, paths, headers, connections: CONNECTIONS, seconds: s })
    const bareOrigin = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}`
    const auth = { authorization: `Bearer ${token}` }
    await load(bareOrigin, undefined, 1) // warm-up: connections, JIT
    await load(app.url, auth, 1)
    const baseline = await load(bareOrigin)
    const real = await load(app.url, auth)
    const failed = real.non2xx + real.errors + real.timeouts
    return {
      value: real.requestsPerSecond,
      unit: 'req/s',
      baseline: baseline.requestsPerSecond,
      note: `${seconds} s each at ${CONNECTIONS} connections over ${paths.length} members of ${members.toLocaleString('en')}; p99 ${real.p99Ms} ms (bare ${baseline.p99Ms} ms)${failed ? `; ${failed} failed requests` : ''}`,
    }
  } finally {
    await new Promise((resolve) => bareServer.close(resolve))
    await app.stop()
  }
}
