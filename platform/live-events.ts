import { Schema, type Connection } from 'mongoose'
import { insertNextInSequence } from './db/atomic.ts'

/**
 * Events for the console's live view (GET /api/events), shared by every instance through the
 * database: a numbered log that each event stream polls by sequence. (FerretDB has no change
 * streams; one mechanism for both databases keeps it simple.)
 */
const liveEventSchema = new Schema(
  {
    seq: { type: Number, required: true, unique: true },
    type: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, default: {} },
    at: { type: Date, required: true, index: true },
  },
  { collection: 'live_events', versionKey: false },
)

export function liveEventModel(db: Connection) {
  return db.models.LiveEvent ?? db.model('LiveEvent', liveEventSchema)
}

export interface LiveEvent {
  seq: number
  type: string
  payload: Record<string, unknown>
  at: Date
}

export async function publishLiveEvent(db: Connection, type: string, payload: Record<string, unknown>): Promise<void> {
  await insertNextInSequence(liveEventModel(db), 'seq', {}, (seq) => ({ seq, type, payload, at: new Date() }))
}

export async function liveEventsAfter(db: Connection, seq: number, limit = 100): Promise<LiveEvent[]> {
  return liveEventModel(db).find({ seq: { $gt: seq } }).sort({ seq: 1 }).limit(limit).lean<LiveEvent[]>()
}

export async function latestLiveEventSeq(db: Connection): Promise<number> {
  const last = await liveEventModel(db).findOne().sort({ seq: -1 }).lean<LiveEvent>()
  return last?.seq ?? 0
}

/** Keeps the newest event, so numbering never restarts below what a stream has seen. */
export async function pruneLiveEvents(db: Connection, olderThan: Date): Promise<void> {
  const newest = await latestLiveEventSeq(db)
  await liveEventModel(db).deleteMany({ at: { $lt: olderThan }, seq: { $lt: newest } })
}
