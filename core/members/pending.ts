import type { Types } from 'mongoose'
import type { Deps } from '../../platform/deps.ts'
import { conflict, isDuplicateKeyError } from '../../platform/errors.ts'
import { LEDGER_REASONS } from '../points/copy.ts'
import { appendLedger, findLedgerEntryByKey, memberBalance } from '../points/service.ts'
import { visitModel } from '../visits/model.ts'
import { memberModel, writeMember, type MemberDoc } from './model.ts'
import { recomputeTier } from './tiers.ts'

/**
 * The member a visit import means by phone: the one holding that phone, or a new PENDING member
 * (phone set, no channel identity yet) so the visit is not lost. Upsert on the unique phone index.
 */
export async function findOrCreateMemberByPhone(deps: Pick<Deps, 'db'>, phone: string, clinicCode: string, now: Date): Promise<MemberDoc> {
  const Member = memberModel(deps.db)
  for (let attempt = 0; attempt < 3; attempt++) {
    // Read, then insert: an upsert that finds the member would rewrite it beside writeMember's transitions.
    const known = await Member.findOne({ phone }).lean<MemberDoc>()
    if (known) return known
    try {
      return (await Member.create({ phone, status: 'pending', name: '', clinicCode, tier: 'D', createdAt: now })).toObject() as MemberDoc
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err // a concurrent import created it: read it next round
    }
  }
  throw conflict('conflict', 'The member with this phone number is being created by another import right now; please try again.')
}

/**
 * Gives a member a phone number. If a pending member (from a visit import) holds it, that record
 * is absorbed: its visits and points move over. Another real member holding it is a 409.
 */
export async function assignPhone(deps: Pick<Deps, 'db' | 'clock'>, memberId: Types.ObjectId, phone: string, now: Date): Promise<void> {
  const Member = memberModel(deps.db)
  for (let attempt = 0; attempt < 3; attempt++) {
    const holder = await Member.findOne({ phone }, { status: 1 }).lean<Pick<MemberDoc, '_id' | 'status'>>()
    if (holder?._id.equals(memberId)) return
    if (holder && holder.status !== 'pending') throw conflict('phone_taken', 'Another member already has this phone number.')
    if (holder) await absorbPendingMember(deps, memberId, holder._id, now)
    try {
      await writeMember(deps.db, memberId, { $set: { phone } })
      return
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err // an import created a pending member with this phone meanwhile: absorb it too
    }
  }
  throw conflict('phone_taken', 'Another member already has this phone number.')
}

/** Every step is keyed or repeatable, so an absorb cut short finishes on the next try. */
async function absorbPendingMember(deps: Pick<Deps, 'db' | 'clock'>, targetId: Types.ObjectId, pendingId: Types.ObjectId, now: Date) {
  const outKey = `merge:${pendingId}:out`
  const balance = await memberBalance(deps, pendingId)
  const out = (await findLedgerEntryByKey(deps, outKey)) ?? (balance > 0 ? (await appendLedger(deps, { memberId: pendingId, delta: -balance, kind: 'adjust', reason: LEDGER_REASONS.mergedOut, idempotencyKey: outKey })).entry : null)
  if (out) {
    await appendLedger(deps, { memberId: targetId, delta: -out.deltaPoints, kind: 'adjust', reason: LEDGER_REASONS.mergedIn, idempotencyKey: `merge:${pendingId}:in` })
  }
  await visitModel(deps.db).updateMany({ memberId: pendingId }, { $set: { memberId: targetId } })
  await writeMember(deps.db, pendingId, { $set: { status: 'merged', mergedInto: targetId }, $unset: { phone: 1 } })
  await recomputeTier(deps, targetId, now)
}
