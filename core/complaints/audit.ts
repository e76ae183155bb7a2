/**
 * The one way a case changes, and its audit trail.
 *
 * FerretDB has no transactions, and its findAndModify is not atomic either (a read, then a separate
 * write), so a version check in the update alone would not stop two concurrent changes. Instead each
 * change first inserts its audit entry under the key `${number}:v${version}`: the unique index lets
 * exactly one change claim each version, and a retry can never record an entry twice. The entry also
 * holds the change itself (`patch`), so a change interrupted between the two writes is finished by
 * the next reader (`loadCase`) instead of leaving the case stuck.
 *
 * Why not `transition` (platform/db/atomic.ts), the one-winner path everything else takes: its
 * ticket carries no change, so a writer killed between ticket and write is stepped over and its
 * change dropped. Here the ticket is the audit line the supervisor reads, and a line must never
 * stand without its effect, so the change is finished from the entry instead. Every write to a
 * case goes through `changeCase` (or this replay), never beside it.
 */
import type { Connection } from 'mongoose'
import type { Deps } from '../../platform/deps.ts'
import { conflict, isDuplicateKeyError, notFound } from '../../platform/errors.ts'
import { complaintAuditModel, complaintModel, type ActorRef, type AuditDoc, type CaseDoc } from './model.ts'

export interface Change {
  action: 'intake' | 'step' | 'first_contact' | 'return_visit' | 'assign' | 'calendar'
  step: number | null
  note: string | null
  by: ActorRef
  /** top-level fields to set */
  set: Partial<Omit<CaseDoc, '_id' | 'number' | 'version'>>
}

/** Fields whose before/after the audit trail shows. */
const SUMMARY_FIELDS = ['status', 'step', 'category', 'severity', 'liability', 'firstContactAt', 'firstContactDueAt', 'deadlinesProvisional', 'closedAt', 'refundFen'] as const

export function summarize(doc: Partial<CaseDoc>): Record<string, unknown> {
  const summary: Record<string, unknown> = {}
  for (const field of SUMMARY_FIELDS) {
    const value = doc[field]
    if (value !== undefined) summary[field] = value instanceof Date ? value.toISOString() : value
  }
  return summary
}

/** Before and after, reduced to the summary fields that changed (status and step always shown). */
function beforeAfter(doc: CaseDoc, set: Change['set']) {
  const before = summarize(doc)
  const after = summarize({ ...doc, ...set })
  for (const key of Object.keys(after)) {
    if (key !== 'status' && key !== 'step' && JSON.stringify(before[key]) === JSON.stringify(after[key])) {
      delete before[key]
      delete after[key]
    }
  }
  return { before, after }
}

const auditKey = (number: string, version: number) => `${number}:v${version}`

/** The case as stored, with any interrupted change finished first. */
export async function loadCase(db: Connection, number: string): Promise<CaseDoc | null> {
  const Case = complaintModel(db)
  const Audit = complaintAuditModel(db)
  let doc = await Case.findOne({ number }).lean<CaseDoc>()
  while (doc) {
    const pending = await Audit.findOne({ key: auditKey(number, doc.version + 1) }).lean<AuditDoc>()
    if (!pending?.patch) return doc
    await Case.updateOne({ number, version: doc.version }, { $set: { ...pending.patch, version: pending.version } })
    doc = await Case.findOne({ number }).lean<CaseDoc>()
  }
  return null
}

const ATTEMPTS = 3

/**
 * Applies the change `decide` makes of the current case. `decide` checks the rules and throws an
 * AppError when they are not met; if another change lands first, the case is re-read and `decide`
 * runs again on it (so a duplicate request meets the rules' answer, e.g. "step already done").
 * `decide` answers null when there is nothing to change: no version, no audit line.
 */
export async function changeCase(
  deps: Pick<Deps, 'db' | 'clock'>,
  number: string,
  decide: (doc: CaseDoc, now: Date) => Change | null,
): Promise<CaseDoc> {
  const Case = complaintModel(deps.db)
  const Audit = complaintAuditModel(deps.db)
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const doc = await loadCase(deps.db, number)
    if (!doc) throw notFound('complaint_not_found', `No complaint case ${number}.`)
    const now = deps.clock.now()
    const change = decide(doc, now)
    if (!change) return doc
    const version = doc.version + 1
    const entry: Omit<AuditDoc, 'patch'> & { patch: Change['set'] } = {
      key: auditKey(number, version),
      number,
      version,
      at: now,
      by: change.by,
      action: change.action,
      step: change.step,
      note: change.note,
      ...beforeAfter(doc, change.set),
      patch: change.set,
    }
    try {
      await Audit.create(entry)
    } catch (err) {
      if (isDuplicateKeyError(err)) continue // someone else changed the case first: decide again on the new state
      throw err
    }
    await Case.updateOne({ number, version: doc.version }, { $set: { ...change.set, version } })
    return { ...doc, ...change.set, version } as CaseDoc
  }
  throw conflict('concurrent_update', `Case ${number} is being changed by someone else right now; reload it and try again.`)
}

/** The intake's entry (version 1); written after the case itself, idempotently. */
export async function recordIntake(db: Connection, doc: CaseDoc, by: ActorRef): Promise<AuditDoc> {
  const entry: AuditDoc = {
    key: auditKey(doc.number, 1),
    number: doc.number,
    version: 1,
    at: doc.receivedAt,
    by,
    action: 'intake',
    step: 1,
    note: null,
    before: null,
    after: summarize(doc),
    patch: null,
  }
  await complaintAuditModel(db).updateOne({ key: entry.key }, { $setOnInsert: entry }, { upsert: true }).catch((err) => {
    if (!isDuplicateKeyError(err)) throw err
  })
  return entry
}

export async function auditTrail(db: Connection, number: string): Promise<AuditDoc[]> {
  return complaintAuditModel(db).find({ number }).sort({ version: 1 }).lean<AuditDoc[]>()
}
