import { Schema, type Connection, type Model } from 'mongoose'
import { conflict, isDuplicateKeyError } from '../errors.ts'
import { databaseEngine } from './engine.ts'

/**
 * Atomic "only one wins" writes that hold on FerretDB v1 as well as on MongoDB.
 *
 * FerretDB v1.24 runs findAndModify and conditional updates as a read followed by a write by _id,
 * without re-checking the filter, and `$inc` as read-modify-write: under concurrency two callers
 * both "win" and increments are lost (measured: most rounds of 6–10 concurrent callers). The one
 * write that is atomic on both databases is an insert against a unique index, so every guarded
 * transition first inserts a ticket named after the document's revision: the inserter owns it.
 */
const ticketSchema = new Schema({ _id: { type: String, required: true }, at: { type: Date, required: true, index: true } }, { collection: 'transition_tickets', versionKey: false })

export function ticketModel(db: Connection) {
  return db.models.TransitionTicket ?? db.model('TransitionTicket', ticketSchema)
}

/** True for the one caller that inserts this key first; false for everyone after. */
export async function claimTicket(db: Connection, key: string): Promise<boolean> {
  try {
    await ticketModel(db).create({ _id: key, at: new Date() })
    return true
  } catch (err) {
    if (isDuplicateKeyError(err)) return false
    throw err
  }
}

export async function pruneTickets(db: Connection, olderThan: Date): Promise<number> {
  return (await ticketModel(db).deleteMany({ at: { $lt: olderThan } })).deletedCount
}

type Doc = { _id: unknown; rev?: number | null }
/** What a transition writes: the operators FerretDB and MongoDB both run the same way. */
export type Change = { $set?: Record<string, unknown>; $unset?: Record<string, 1 | ''>; $push?: Record<string, unknown> }

/**
 * A ticket is taken just before its document is written, so one this old belongs to a process that
 * died between the two steps (SIGKILL, crash). Left alone it would keep every later transition of
 * that document from ever winning; past this age it is stepped over. A live writer needs
 * milliseconds between the two, so the margin is wide.
 */
export const DEAD_TICKET_AFTER_MS = 60_000

/**
 * The final write of a transition: `{ _id, rev }` where the database honours it, so a writer that
 * was paused past the dead-ticket window cannot overwrite the next winner. On FerretDB the ticket
 * alone guards the write (there `rev` in the filter would cost a scan and guard nothing more).
 */
async function revisionFilter(db: Connection, id: unknown, rev: number): Promise<Record<string, unknown>> {
  // MongoDB checks the whole filter atomically with the write; FerretDB v1 pushes down only `{ _id }`
  // (anything more reads the whole collection) and checks the rest before writing, not with it.
  if ((await databaseEngine(db)) === 'ferretdb') return { _id: id }
  return { _id: id, rev: rev === 0 ? { $in: [0, null] } : rev }
}

/**
 * Applies `update` to the document if `guard` holds, as one atomic step against every other
 * `transition` on the same document (each advances its `rev`). Answers the updated document, or
 * null when the guard does not hold (after re-reading on a lost race).
 *
 * `known` is the document as the caller just got it from a transition, to save the first read:
 * if anyone has changed it since, they took the ticket of its rev, so this call loses the race
 * and reads again like any other (tickets are kept a day; a `known` document is milliseconds old).
 */
export async function transition<T extends Doc>(
  db: Connection,
  model: Model<any>,
  id: unknown,
  guard: (doc: T) => boolean,
  update: (doc: T) => Change,
  known?: T,
): Promise<T | null> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const doc = attempt === 0 && known ? known : await model.findById(id).lean<T>()
    if (!doc || !guard(doc)) return null
    const rev = doc.rev ?? 0
    const key = `${model.collection.collectionName}:${String(doc._id)}:${rev}`
    if (!(await claimTicket(db, key))) {
      if (attempt >= 2) await stepOverDeadTicket(db, model, doc._id, rev, key)
      await new Promise((r) => setTimeout(r, 2 + attempt * 3)) // lost the race: let the winner write, then re-read
      continue
    }
    const change = update(doc)
    try {
      const written = await model
        .findOneAndUpdate(await revisionFilter(db, doc._id, rev), { ...change, $set: { ...change.$set, rev: rev + 1 } }, { returnDocument: 'after' })
        .lean<T>()
      if (written) return written
      continue // MongoDB only: we were paused past the dead-ticket window and the next winner wrote first
    } catch (err) {
      // Refused (a unique index, a validator): nothing was written, so the revision is free again.
      await ticketModel(db).deleteOne({ _id: key })
      throw err
    }
  }
  // A lost race is the caller's to retry, never a server error: the API answers 409.
  throw conflict('conflict', `The ${model.collection.collectionName} record is being changed by others right now (kept losing races); please try again.`)
}

/** An unconditional change to a document that transitions guard: it must take the same path, or it can undo one. */
export function guardedUpdate<T extends Doc>(db: Connection, model: Model<any>, id: unknown, update: (doc: T) => Change): Promise<T | null> {
  return transition<T>(db, model, id, () => true, update)
}

/**
 * When the ticket for `rev` is dead and the document still stands at `rev`, moves the document to
 * `rev + 1` without changing anything else. Only the one caller that takes the `:dead` ticket
 * does it, so the document's rev never goes backwards.
 */
async function stepOverDeadTicket(db: Connection, model: Model<any>, id: unknown, rev: number, key: string) {
  const ticket = await ticketModel(db).findById(key).lean<{ at: Date }>()
  if (!ticket || ticket.at.getTime() > Date.now() - DEAD_TICKET_AFTER_MS) return
  const current = await model.findById(id, { rev: 1 }).lean<Doc>()
  if ((current?.rev ?? 0) !== rev) return // its writer was alive after all
  // The one who steps over may die too: a dead `:dead` ticket hands the step to the next generation.
  for (let generation = 0; ; generation++) {
    const stepKey = `${key}:dead${generation}`
    if (await claimTicket(db, stepKey)) {
      await model.updateOne(await revisionFilter(db, id, rev), { $set: { rev: rev + 1 } })
      return
    }
    const step = await ticketModel(db).findById(stepKey).lean<{ at: Date }>()
    if (!step || step.at.getTime() > Date.now() - DEAD_TICKET_AFTER_MS) return // someone is stepping over it now
  }
}

/**
 * Inserts a document numbered one past the highest existing number in its scope, retrying on the
 * unique index: concurrent callers never share a number, and none is skipped.
 */
export async function insertNextInSequence<T>(
  model: Model<any>,
  field: string,
  scope: Record<string, unknown>,
  build: (next: number) => Record<string, unknown>,
  first = 1,
): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const last = await model.findOne(scope, { [field]: 1 }).sort({ [field]: -1 }).lean<Record<string, number>>()
    const next = last ? last[field] + 1 : first
    try {
      return (await model.create(build(next))).toObject() as T
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err
    }
  }
  throw conflict('conflict', `Could not allocate the next ${field} in ${model.collection.collectionName} (others are adding at once); please try again.`)
}
