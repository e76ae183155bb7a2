import { Schema, type Connection, type Types } from 'mongoose'
import { isDuplicateKeyError } from '../errors.ts'
import { modelOf } from '../db/model-of.ts'

export type JobTrigger = 'cron' | 'manual'

/** One row per run of a job. startedAt/finishedAt are wall-clock instants; asOf is the business time it ran as. */
const jobRunSchema = new Schema(
  {
    name: { type: String, required: true },
    trigger: { type: String, enum: ['cron', 'manual'], required: true },
    instanceId: { type: String, required: true },
    asOf: { type: Date, required: true },
    /** Cron runs only: `${name}@${scheduled instant}`, so a second instance's tick for the same fire finds it taken. */
    fireKey: { type: String },
    startedAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
    ok: { type: Boolean, default: null },
    result: { type: Schema.Types.Mixed, default: null },
    error: { type: String, default: null },
  },
  { collection: 'job_runs', versionKey: false, minimize: false },
)
jobRunSchema.index({ name: 1, startedAt: -1 })
jobRunSchema.index({ fireKey: 1 }, { unique: true, sparse: true })
jobRunSchema.index({ startedAt: 1 })

export const jobRunModel = modelOf('JobRun', jobRunSchema)

export interface JobRunStart {
  name: string
  trigger: JobTrigger
  instanceId: string
  asOf: Date
  fireKey?: string
  startedAt: Date
}

export interface JobRunEnd {
  finishedAt: Date
  ok: boolean
  result: unknown
  error: string | null
}

export interface LastJobRun {
  startedAt: Date
  finishedAt: Date | null
  ok: boolean | null
  result: unknown
  error: string | null
}

/** Records a run as started; null when its fireKey is taken (another instance ran this fire). */
export async function recordRunStarted(db: Connection, run: JobRunStart): Promise<Types.ObjectId | null> {
  try {
    const created = await jobRunModel(db).create(run)
    return created._id as Types.ObjectId
  } catch (err) {
    if (run.fireKey && isDuplicateKeyError(err)) return null
    throw err
  }
}

/** Records the outcome; writes the whole row, so a run whose start row was pruned meanwhile is still kept. */
export async function recordRunFinished(db: Connection, id: Types.ObjectId, run: JobRunStart, end: JobRunEnd): Promise<void> {
  const { fireKey, ...started } = run // a null fireKey would collide in the unique index on MongoDB: leave it out
  await jobRunModel(db).updateOne(
    { _id: id },
    { $set: { ...end, result: end.result ?? null }, $setOnInsert: { ...started, ...(fireKey ? { fireKey } : {}) } },
    { upsert: true },
  )
}

/** The latest run of each named job (running ones included, with finishedAt null). */
export async function lastRuns(db: Connection, names: readonly string[]): Promise<Map<string, LastJobRun>> {
  const JobRun = jobRunModel(db)
  // One indexed query per job: FerretDB has no $first accumulator for a $group.
  const rows = await Promise.all(names.map((name) => JobRun.findOne({ name }).sort({ startedAt: -1 }).lean<LastJobRun & { name: string }>()))
  const byName = new Map<string, LastJobRun>()
  for (const row of rows) {
    if (row) byName.set(row.name, { startedAt: row.startedAt, finishedAt: row.finishedAt, ok: row.ok, result: row.result, error: row.error })
  }
  return byName
}

/** Deletes runs started before `before` (job_runs is kept for a limited time; there is no TTL index). */
export async function pruneJobRuns(db: Connection, before: Date): Promise<number> {
  const { deletedCount } = await jobRunModel(db).deleteMany({ startedAt: { $lt: before } })
  return deletedCount
}
