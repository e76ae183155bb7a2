/**
 * One CareDesk instance as the crash test needs it, in a process the test can SIGKILL: the
 * broadcasts dispatcher at the broadcasts.dispatch job's pace (at start, then every minute, with
 * its default look-ahead) and outbox workers whose sender POSTs each message to the test's
 * stand-in "WeChat" server.
 *
 * Env: MONGODB_URI (the test's database), STANDIN_URL, ACCOUNT (the outbox account to send for),
 * STALE_AFTER_MS (outbox staleness), LEASE_TTL_MS (the dispatcher's run lease), WORKERS (outbox workers).
 */
import mongoose from 'mongoose'
import { dispatchRuns } from '../../core/broadcasts/dispatch.ts'
import { RUN_PLANNERS } from '../../core/broadcasts/planners.ts'
import { registerModels } from '../../core/models.ts'
import { systemClock } from '../../platform/clock.ts'
import { loadConfig } from '../../platform/config.ts'
import type { Deps } from '../../platform/deps.ts'
import { registerJobModels } from '../../platform/jobs/models.ts'
import { createLogger } from '../../platform/log.ts'
import { startOutboxWorker } from '../../platform/outbox/outbox.ts'
import { SendError } from '../../platform/outbox/send-error.ts'

const env = process.env
const required = (name: string) => env[name] ?? (console.error(`${name} is required`), process.exit(2))
const standinUrl = required('STANDIN_URL')
const account = required('ACCOUNT')
const config = loadConfig({ ...env, MONGODB_URI: required('MONGODB_URI'), QUIET_HOURS: '', SEND_RATE_PER_MINUTE: '6000', SEND_BURST: '20', LOG_LEVEL: 'warn' })
const log = createLogger('warn')

const db = mongoose.createConnection(config.MONGODB_URI!, { autoIndex: false })
await db.asPromise()
registerModels(db)
registerJobModels(db)
const deps: Deps = { db, clock: systemClock, log, config }

// Several workers, as a busy bot instance could run: each sends one message at a time, so a kill leaves at most one uncertain per worker.
for (let i = 0; i < Number(env.WORKERS ?? 1); i++) startOutboxWorker({
  db,
  log,
  pacing: { perMinute: config.SEND_RATE_PER_MINUTE, burst: config.SEND_BURST },
  staleAfterMs: Number(env.STALE_AFTER_MS ?? 5000),
  senders: {
    [account]: async (message) => {
      const res = await fetch(standinUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: message.key, recipient: message.recipient }) })
      if (!res.ok) throw new SendError('transient', 'standin_error', `stand-in answered ${res.status}`)
    },
  },
})
console.log('ready')
// The test holds our stdin: if the test process dies, so do we (a SIGKILL from the test is the crash it wants).
process.stdin.on('end', () => process.exit(0))
process.stdin.resume()

for (;;) {
  try {
    await dispatchRuns(deps, systemClock.now(), { planners: RUN_PLANNERS, leaseTtlMs: Number(env.LEASE_TTL_MS ?? 3000) })
  } catch (err) {
    log.error({ err }, 'dispatch failed; trying again')
  }
  await new Promise((r) => setTimeout(r, 60_000)) // broadcasts.dispatch: '* * * * *'
}
