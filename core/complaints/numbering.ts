/**
 * Case numbers (患者投诉处理表的编号原则): 机构缩写 + 年度 + 月份 + 流水编号, e.g. BJ0120261101;
 * the sequence restarts each month (Asia/Shanghai) and has at least two digits (…1199, then …11100).
 */
import type { Connection } from 'mongoose'
import { businessDay } from '../../platform/clock.ts'
import { isDuplicateKeyError, conflict } from '../../platform/errors.ts'
import { serialized } from '../../platform/serial.ts'
import { complaintCounterModel, complaintModel, type CaseDoc } from './model.ts'

/** 'YYYY-MM' of an instant in Asia/Shanghai. */
export function businessMonth(at: Date): string {
  return businessDay(at).slice(0, 7)
}

export function formatCaseNumber(clinicCode: string, month: string, seq: number): string {
  return `${clinicCode}${month.replace('-', '')}${String(seq).padStart(2, '0')}`
}

export function counterKey(clinicCode: string, month: string): string {
  return `${clinicCode}-${month}`
}

// FerretDB v1.24.2 runs findAndModify as a read followed by a separate write, so concurrent `$inc`s
// on one counter lose updates and hand out the same seq twice (50 concurrent increments end at ~9).
// Two defences: increments of one counter are queued within this process, and a number that another
// instance already took is caught by the unique index on `number` and a fresh seq is drawn. Every seq
// handed out is used by exactly one case, so numbers have neither duplicates nor gaps. MongoDB needs
// neither defence but is not harmed by them.
/** The next value of a counter, created at 1 on first use. */
export function nextSeq(db: Connection, key: string): Promise<number> {
  return serialized(db, key, async () => {
    const Counter = complaintCounterModel(db)
    const increment = () => Counter.findOneAndUpdate({ _id: key }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' }).lean<{ seq: number }>()
    try {
      return (await increment())!.seq
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err
      return (await increment())!.seq // another instance's upsert created the counter first: now it exists
    }
  })
}

const MAX_ATTEMPTS = 200

/** Draws the month's next number for the clinic and inserts the case under it; numbers taken meanwhile are skipped over, never reused. */
export async function insertWithNextNumber(
  db: Connection,
  clinicCode: string,
  receivedAt: Date,
  build: (number: string, seq: number) => Omit<CaseDoc, '_id'>,
): Promise<CaseDoc> {
  const month = businessMonth(receivedAt)
  const key = counterKey(clinicCode, month)
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const seq = await nextSeq(db, key)
    const number = formatCaseNumber(clinicCode, month, seq)
    try {
      const created = await complaintModel(db).create(build(number, seq))
      return created.toObject() as CaseDoc
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err
    }
  }
  throw conflict('conflict', `No free complaint number for ${key} after ${MAX_ATTEMPTS} attempts (others are recording cases at once); please try again.`)
}
