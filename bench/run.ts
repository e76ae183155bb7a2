/**
 * `npm run bench`: speed and memory as ratios to baselines measured in the same run — a write by
 * `_id` at 20,000 documents against the same at 1,000; the survey planning and report at a
 * national chain's scale against a bare insertMany of as many invitation-sized documents.
 * Starts its own embedded FerretDB under a temporary DATA_DIR, or uses BENCH_MONGODB_URI.
 * Benchmarks measure; they never fail on time.
 *
 * Scale (domain.md §5): about 200 first visits a day for the seeds' chain; a national chain's
 * ~30 million visits a year are ~82,000 a day.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Types, type Connection } from 'mongoose'
import { seedClinicsIfEmpty } from '../core/clinics/service.ts'
import { registerModels } from '../core/models.ts'
import { answerSurvey } from '../core/surveys/answers.ts'
import { databaseEngine } from '../platform/db/engine.ts'
import { deliverPlanned } from '../core/surveys/delivery.ts'
import { invitationModel } from '../core/surveys/model.ts'
import { planInvitations } from '../core/surveys/planning.ts'
import { surveyReport } from '../core/surveys/report.ts'
import { fixedClock } from '../platform/clock.ts'
import { loadConfig } from '../platform/config.ts'
import { connectDatabase, ensureIndexes } from '../platform/db/connect.ts'
import type { Deps } from '../platform/deps.ts'
import { registerJobModels } from '../platform/jobs/models.ts'
import { createLogger } from '../platform/log.ts'
import { measure, report, type Measurement } from './harness.ts'
import { seedVisitDay } from './survey-fixtures.ts'

const NATIONAL_DAY = 82_000
const CHAIN_DAY = 200
const WRITES = 500
const VISIT_DAY = '2026-11-23'
const PLAN_AT = new Date('2026-11-24T10:00:00+08:00')

const dataDir = mkdtempSync(join(tmpdir(), 'caredesk-bench-'))
const config = loadConfig({ DATA_DIR: dataDir, MONGODB_URI: process.env.BENCH_MONGODB_URI ?? '', LOG_LEVEL: 'warn' })
const log = createLogger('warn')
const database = await connectDatabase(config, log)

async function freshDatabase(name: string): Promise<Deps> {
  const db: Connection = database.connection.useDb(name, { useCache: true })
  await db.dropDatabase()
  registerModels(db)
  registerJobModels(db)
  await ensureIndexes(db)
  await seedClinicsIfEmpty(db)
  return { db, clock: fixedClock(PLAN_AT), log, config }
}

const plural = (n: number, what: string) => `${n.toLocaleString('en')} ${what}`

try {
  const engine = await databaseEngine(database.connection)
  console.log(`CareDesk bench — ${engine === 'ferretdb' ? 'embedded FerretDB v1.24 (SQLite)' : 'MongoDB'}, Node ${process.version}\n`)
  const results: Measurement[] = []

  const scratch = await freshDatabase('bench_baseline')
  // The baseline: a bare insertMany of as many documents as the day's invitations, of their size and shape.
  const baseline = await measure(`baseline: bare insertMany of ${plural(NATIONAL_DAY, 'invitation-sized docs')}`, async () => {
    const collection = scratch.db.collection('baseline')
    const now = new Date(PLAN_AT)
    for (let i = 0; i < NATIONAL_DAY; i += 1000) {
      await collection.insertMany(
        Array.from({ length: Math.min(1000, NATIONAL_DAY - i) }, () => {
          const visitId = new Types.ObjectId()
          return { _id: new Types.ObjectId(), key: `${visitId}:non_surgical`, visitId, memberId: new Types.ObjectId(), clinicCode: 'BJ01', visitType: 'non_surgical', visitDay: VISIT_DAY, surveyType: 'non_surgical', templateVersion: 1, planDay: '2026-11-24', createdAt: now, status: 'sent', sentAt: now, expiresAt: now, conversationId: new Types.ObjectId(), channel: 'wechaty' }
        }),
        { ordered: false },
      )
    }
  })

  // A write by _id must not grow with the collection (FerretDB's _id index, patched at build).
  const writes = await freshDatabase('bench_writes')
  const writeById = async (size: number) => {
    const collection = writes.db.collection(`docs_${size}`)
    for (let i = 0; i < size; i += 1000) {
      await collection.insertMany(Array.from({ length: Math.min(1000, size - i) }, (_, j) => ({ _id: `doc-${i + j}` as never, n: i + j, status: 'bot' })), { ordered: false })
    }
    const picks = Array.from({ length: WRITES }, (_, i) => `doc-${(i * 7919) % size}`)
    return measure(`updateOne by _id at ${plural(size, 'documents')} (${plural(WRITES, 'writes')})`, async () => {
      for (const _id of picks) await collection.updateOne({ _id: _id as never }, { $set: { status: 'agent' }, $inc: { n: 1 } })
    })
  }
  const small = await writeById(1_000)
  const large = await writeById(20_000)
  const perWrite = (m: Measurement) => `${((m.ms / WRITES) * 1000).toFixed(0)} µs a write`
  small.note = perWrite(small)
  large.note = `${perWrite(large)}; ${(large.ms / small.ms).toFixed(2)}× the same at 1,000 (target ≤ 2×)`
  console.log(report(small, [large]) + '\n')

  // A national chain's day.
  const big = await freshDatabase('bench_national')
  results.push(await measure(`seed: ${plural(NATIONAL_DAY, 'visits')} with members and chats`, async () => {
    const seeded = await seedVisitDay(big.db, { visits: NATIONAL_DAY, day: VISIT_DAY, tag: 'n' })
    return `${plural(seeded.members, 'members')}, ${plural(seeded.conversations, 'chats')}`
  }))
  results.push(await measure(`plan invitations for ${plural(NATIONAL_DAY, 'visits')}`, async () => {
    const outcome = await planInvitations(big, PLAN_AT, { recentDays: 7 })
    const skipped = Object.values(outcome.skipped).reduce((a, b) => a + (b ?? 0), 0)
    return `${plural(outcome.planned, 'invitations')}: ${plural(outcome.sent, 'to send')}, ${plural(skipped, 'skipped')}`
  }))
  results.push(await measure('plan the same day again (a rerun: all already planned)', async () => {
    const outcome = await planInvitations(big, PLAN_AT, { recentDays: 7 })
    return `${plural(outcome.planned, 'new invitations')}`
  }))
  results.push(await measure(`report over the day's invitations`, async () => {
    const figures = await surveyReport(big, { from: '2026-11-24', to: '2026-11-24', clinicCodes: [] })
    return `${plural(figures.totals.invitations, 'sent')} in ${figures.rows.length} rows`
  }))

  // The seeds' chain: a day end to end, and answers arriving one by one.
  const chain = await freshDatabase('bench_chain')
  await seedVisitDay(chain.db, { visits: CHAIN_DAY, day: VISIT_DAY, tag: 'c' })
  results.push(await measure(`plan and deliver ${plural(CHAIN_DAY, 'visits')} (the seeds' chain)`, async () => {
    const planned = await planInvitations(chain, PLAN_AT, { recentDays: 7 })
    const delivered = await deliverPlanned(chain, PLAN_AT)
    return `${plural(planned.sent, 'sent')}, ${plural(delivered.delivered, 'first questions queued')}`
  }))
  const open = await invitationModel(chain.db).find({ status: 'sent' }, { _id: 1 }).limit(100).lean()
  results.push(await measure(`record ${plural(open.length, 'chat answers')}, one by one`, async () => {
    for (const { _id } of open) await answerSurvey(chain, String(_id), [{ questionId: 'q1', score: 4 }], { source: 'chat' })
  }))

  console.log(report(baseline, results))
  console.log(`\nBaseline: ${(baseline.ms / 1000).toFixed(2)} s for ${plural(NATIONAL_DAY, 'documents')}. Peak RSS is this Node process's (run with a 256 MB old-space cap, so it shows what the work holds rather than how lazily V8 collects on a big machine); the database runs apart.`)
  for (const name of ['bench_writes', 'bench_baseline', 'bench_national', 'bench_chain']) await database.connection.useDb(name, { useCache: true }).dropDatabase()
} finally {
  await database.close()
  rmSync(dataDir, { recursive: true, force: true })
}
