import type { Types } from 'mongoose'
import { businessDay } from '../../platform/clock.ts'
import type { Deps } from '../../platform/deps.ts'
import { isDuplicateKeyError } from '../../platform/errors.ts'
import { clinicModel } from '../clinics/model.ts'
import { memberModel, type MemberDoc } from '../members/model.ts'
import { yuanToFen } from '../members/money.ts'
import { findOrCreateMemberByPhone } from '../members/pending.ts'
import { normalizeMainlandMobile } from '../members/phone.ts'
import { parseMemberId } from '../members/service.ts'
import { recomputeTier } from '../members/tiers.ts'
import { earnPointsForVisit } from '../points/service.ts'
import { visitModel, type VisitDoc } from './model.ts'
import { visitRow, type VisitImportResult, type VisitRow } from './schemas.ts'
import { parseVisitTime } from './visit-time.ts'

class RowRejected extends Error {}

/** HIS clocks drift; a visit more than a day ahead of ours is a data error. */
const FUTURE_TOLERANCE_MS = 24 * 3600_000

function checkRow(raw: unknown, clinicCodes: Set<string>, now: Date): VisitRow & { at: Date } {
  const parsed = visitRow.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new RowRejected(issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)
  }
  const row = parsed.data
  const at = parseVisitTime(row.visitedAt)
  if (!at) throw new RowRejected('visitedAt: not a valid date and time')
  if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) throw new RowRejected('visitedAt: in the future')
  if (!clinicCodes.has(row.clinicCode)) throw new RowRejected(`clinicCode: unknown clinic ${row.clinicCode}`)
  return { ...row, at }
}

async function resolveMember(deps: Pick<Deps, 'db'>, row: VisitRow, now: Date): Promise<Types.ObjectId> {
  if (row.memberId) {
    const _id = parseMemberId(row.memberId)
    const member = _id && (await memberModel(deps.db).findById(_id, { status: 1, mergedInto: 1 }).lean<MemberDoc>())
    if (!member) throw new RowRejected(`memberId: unknown member ${row.memberId}`)
    return member.status === 'merged' && member.mergedInto ? member.mergedInto : member._id
  }
  const phone = normalizeMainlandMobile(row.phone!)
  if (!phone) throw new RowRejected('phone: not a mainland mobile number')
  return (await findOrCreateMemberByPhone(deps, phone, row.clinicCode, now))._id
}

/** Upsert on the unique externalId: a repeated import updates the visit instead of adding it twice. */
async function upsertVisit(deps: Pick<Deps, 'db'>, row: VisitRow & { at: Date }, memberId: Types.ObjectId, now: Date) {
  const fields = {
    memberId,
    clinicCode: row.clinicCode,
    visitedAt: row.at,
    visitDay: businessDay(row.at),
    type: row.type,
    amountFen: yuanToFen(row.amount),
    updatedAt: now,
  }
  const Visit = visitModel(deps.db)
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const result = (await Visit.findOneAndUpdate(
        { externalId: row.externalId },
        { $set: fields, $setOnInsert: { importedAt: now } },
        { upsert: true, returnDocument: 'before', includeResultMetadata: true },
      ).lean()) as unknown as { value: VisitDoc | null; lastErrorObject?: { upserted?: Types.ObjectId } }
      const before = result.value
      const visitId = before?._id ?? result.lastErrorObject!.upserted!
      return { created: !before, previousMemberId: before?.memberId ?? null, visit: { _id: visitId, ...fields } }
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err // the same externalId inserted concurrently: update it next round
    }
  }
  throw new Error(`visit ${row.externalId} could not be written`)
}

/**
 * Visits from the clinics' HIS/CRM (POST /api/visits, CSV/xlsx uploads). Idempotent on externalId;
 * each bad row is rejected with its reason while the good rows land. A new visit earns points
 * once (points follow the first import; a corrected amount changes spend and tier, not points —
 * staff adjust points by hand), and every member touched has their tier recomputed.
 */
export async function importVisits(deps: Pick<Deps, 'db' | 'clock'>, rows: readonly unknown[]): Promise<VisitImportResult> {
  const now = deps.clock.now()
  const clinics = await clinicModel(deps.db).find({}, { code: 1 }).lean<Array<{ code: string }>>()
  const clinicCodes = new Set(clinics.map((clinic) => clinic.code))
  const result: VisitImportResult = { created: 0, updated: 0, rejected: [] }
  const touched = new Set<string>()
  for (const [index, raw] of rows.entries()) {
    try {
      const row = checkRow(raw, clinicCodes, now)
      const memberId = await resolveMember(deps, row, now)
      const outcome = await upsertVisit(deps, row, memberId, now)
      if (outcome.created) result.created++
      else result.updated++
      await earnPointsForVisit(deps, outcome.visit)
      touched.add(String(memberId))
      if (outcome.previousMemberId) touched.add(String(outcome.previousMemberId))
    } catch (err) {
      if (!(err instanceof RowRejected)) throw err
      result.rejected.push({ index, error: err.message })
    }
  }
  for (const memberId of touched) await recomputeTier(deps, memberId, now)
  return result
}
