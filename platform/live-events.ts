import { Schema, type Connection } from 'mongoose'
import { insertNextInSequence } from './db/atomic.ts'
import { isDuplicateKeyError } from './errors.ts'
import { serialized } from './serial.ts'
import { modelOf } from './db/model-of.ts'

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

export const liveEventModel = modelOf('LiveEvent', liveEventSchema)

export interface LiveEvent {
  seq: number
  type: string
  payload: Record<string, unknown>
  at: Date
}

/** The last seq this process wrote, per database. */
const lastSeqWritten = new WeakMap<Connection, number>()

/**
 * Appends an event. This process writes its events one at a time (so the log's order is the
 * order of the calls, and no reader polling by seq can pass one still being written), each at the
 * seq after its last; only when another instance wrote that seq first is the latest looked up —
 * on FerretDB a sort of the whole log, which grows with every message: looking it up for every
 * event made each message slower than the last.
 */
export function publishLiveEvent(db: Connection, type: string, payload: Record<string, unknown>): Promise<void> {
  return serialized(db, 'live-events', async () => {
    const Event = liveEventModel(db)
    const last = lastSeqWritten.get(db)
    if (last !== undefined) {
      try {
        await Event.create({ seq: last + 1, type, payload, at: new Date() })
        lastSeqWritten.set(db, last + 1)
        return
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err
      }
    }
    const written = await insertNextInSequence<LiveEvent>(Event, 'seq', {}, (seq) => ({ seq, type, payload, at: new Date() }))
    lastSeqWritten.set(db, written.seq)
  })
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
