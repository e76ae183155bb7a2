import { setTimeout as sleep } from 'node:timers/promises'
import type { Types } from 'mongoose'
import type { Deps } from '../../platform/deps.ts'
import { conflict, isDuplicateKeyError, notFound, ruleNotMet } from '../../platform/errors.ts'
import { TIER_BENEFITS, TIER_NAMES } from '../members/copy.ts'
import { parseMemberId } from '../members/ids.ts'
import { memberModel, type MemberDoc } from '../members/model.ts'
import { LEDGER_REASONS } from './copy.ts'
import { ledgerEntryId, pointsLedgerModel, type LedgerDoc, type LedgerKind } from './model.ts'
import { pointsForSpend } from './rules.ts'
import type { LedgerEntryView, PointsSummary } from './schemas.ts'

export interface PointsChange {
  /** false when the idempotency key had been used already: nothing changed this time. */
  applied: boolean
  balance: number
  entry: LedgerEntryView
}

export interface LedgerAppend {
  memberId: Types.ObjectId
  /** Positive to add, negative to take; the balance never goes below zero. */
  delta: number
  kind: LedgerKind
  reason: string
  idempotencyKey?: string
  visitId?: Types.ObjectId
  giftId?: Types.ObjectId
  staffId?: string
  /** Another unique key the row claims (a gift unit), chosen afresh on each attempt; throws when none is left. */
  claimKey?: () => Promise<string>
}

/** Writers of one member's points queue on the sequence number; this many tries before giving up. */
const MAX_ATTEMPTS = 60

export function toLedgerEntryView(doc: LedgerDoc): LedgerEntryView {
  return {
    id: String(doc._id),
    deltaPoints: doc.deltaPoints,
    balanceAfter: doc.balanceAfter,
    kind: doc.kind,
    reason: doc.reason,
    visitId: doc.visitId ? String(doc.visitId) : null,
    giftId: doc.giftId ? String(doc.giftId) : null,
    staffId: doc.staffId ?? null,
    at: doc.at.toISOString(),
  }
}

/**
 * The member's newest ledger row, by `_id` lookups alone (FerretDB serves no other filter from an
 * index): seqs have no gaps, so probe 1, 2, 4… until one is missing, then halve the interval —
 * about 2·log2(n) lookups, one for a member without points.
 */
async function latestEntry(deps: Pick<Deps, 'db'>, memberId: Types.ObjectId): Promise<LedgerDoc | null> {
  const Ledger = pointsLedgerModel(deps.db)
  const row = (seq: number) => Ledger.findById(ledgerEntryId(memberId, seq)).lean<LedgerDoc>()
  let last = await row(1)
  if (!last) return null
  let lo = 1
  let hi = 2
  for (let next = await row(hi); next; next = await row(hi)) {
    last = next
    lo = hi
    hi *= 2
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    const found = await row(mid)
    if (found) [lo, last] = [mid, found]
    else hi = mid
  }
  return last
}

/** The member's last `count` rows, newest first, each by its `_id` (the bot's points answer runs this per question). */
async function recentEntries(deps: Pick<Deps, 'db'>, memberId: Types.ObjectId, count: number): Promise<LedgerDoc[]> {
  const last = await latestEntry(deps, memberId)
  if (!last) return []
  const seqs = Array.from({ length: Math.min(count, last.seq) - 1 }, (_, i) => last.seq - 1 - i)
  const Ledger = pointsLedgerModel(deps.db)
  const earlier = await Promise.all(seqs.map((seq) => Ledger.findById(ledgerEntryId(memberId, seq)).lean<LedgerDoc>()))
  return [last, ...earlier.filter((row): row is LedgerDoc => Boolean(row))]
}

/** A member's balance: the last ledger row's balanceAfter (the ledger is the only record of points). */
export async function memberBalance(deps: Pick<Deps, 'db'>, memberId: Types.ObjectId): Promise<number> {
  return (await latestEntry(deps, memberId))?.balanceAfter ?? 0
}

export async function memberBalances(deps: Pick<Deps, 'db'>, memberIds: Types.ObjectId[]): Promise<Map<string, number>> {
  const balances = await Promise.all(memberIds.map(async (id) => [String(id), await memberBalance(deps, id)] as const))
  return new Map(balances)
}

export async function findLedgerEntryByKey(deps: Pick<Deps, 'db'>, idempotencyKey: string) {
  return pointsLedgerModel(deps.db).findOne({ idempotencyKey }).lean<LedgerDoc>()
}

async function alreadyApplied(deps: Pick<Deps, 'db'>, idempotencyKey: string): Promise<PointsChange | null> {
  const entry = await findLedgerEntryByKey(deps, idempotencyKey)
  return entry && { applied: false, balance: await memberBalance(deps, entry.memberId), entry: toLedgerEntryView(entry) }
}

/**
 * Appends one row: reads the member's last row, checks the new balance, inserts row seq+1.
 * A concurrent writer that got seq+1 first makes the insert fail on the unique index; re-read and retry.
 */
export async function appendLedger(deps: Pick<Deps, 'db' | 'clock'>, w: LedgerAppend): Promise<PointsChange> {
  const Ledger = pointsLedgerModel(deps.db)
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (w.idempotencyKey) {
      const done = await alreadyApplied(deps, w.idempotencyKey)
      if (done) return done
    }
    const last = await latestEntry(deps, w.memberId)
    const balance = last?.balanceAfter ?? 0
    if (balance + w.delta < 0) throw ruleNotMet('insufficient_points', `Not enough points: ${-w.delta} needed, ${balance} available.`, { balance })
    const giftUnitKey = w.claimKey ? await w.claimKey() : undefined
    try {
      const seq = (last?.seq ?? 0) + 1
      const doc = await Ledger.create({
        _id: ledgerEntryId(w.memberId, seq),
        memberId: w.memberId,
        seq,
        deltaPoints: w.delta,
        balanceAfter: balance + w.delta,
        kind: w.kind,
        reason: w.reason,
        visitId: w.visitId ?? null,
        giftId: w.giftId ?? null,
        staffId: w.staffId ?? null,
        ...(giftUnitKey ? { giftUnitKey } : {}),
        ...(w.idempotencyKey ? { idempotencyKey: w.idempotencyKey } : {}),
        at: deps.clock.now(),
      })
      const entry = doc.toObject() as LedgerDoc
      return { applied: true, balance: entry.balanceAfter, entry: toLedgerEntryView(entry) }
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err
      await sleep(Math.random() * 4 * Math.min(attempt + 1, 10)) // spread the retries of writers queued on one member
    }
  }
  throw conflict('points_busy', 'Too many changes to these points at once; please try again.')
}

async function loadMember(deps: Pick<Deps, 'db'>, memberId: string | Types.ObjectId): Promise<MemberDoc> {
  const _id = parseMemberId(memberId)
  const doc = _id && (await memberModel(deps.db).findById(_id).lean<MemberDoc>())
  if (!doc || doc.status === 'merged') throw notFound('member_not_found', 'No such member.')
  return doc
}

/** Points for a visit's spend, once per visit (key `visit:<visitId>`); null when the spend earns none. */
export async function earnPointsForVisit(
  deps: Pick<Deps, 'db' | 'clock'>,
  visit: { _id: Types.ObjectId; memberId: Types.ObjectId; amountFen: number },
): Promise<PointsChange | null> {
  const points = pointsForSpend(visit.amountFen)
  if (points <= 0) return null
  return appendLedger(deps, { memberId: visit.memberId, delta: points, kind: 'earn', reason: LEDGER_REASONS.visit, idempotencyKey: `visit:${visit._id}`, visitId: visit._id })
}

export async function spendPoints(
  deps: Pick<Deps, 'db' | 'clock'>,
  memberId: string | Types.ObjectId,
  spend: { points: number; reason: string; giftId?: Types.ObjectId; staffId?: string; idempotencyKey?: string; claimKey?: () => Promise<string> },
): Promise<PointsChange> {
  const member = await loadMember(deps, memberId)
  const { points, ...rest } = spend
  return appendLedger(deps, { ...rest, memberId: member._id, delta: -points, kind: 'spend' })
}

/** A staff correction (supervisor/admin), positive or negative; a negative one cannot take the balance below zero. */
export async function adjustPoints(deps: Pick<Deps, 'db' | 'clock'>, memberId: string, adjustment: { delta: number; reason: string; staffId: string }) {
  const member = await loadMember(deps, memberId)
  return appendLedger(deps, { memberId: member._id, delta: adjustment.delta, kind: 'adjust', reason: adjustment.reason, staffId: adjustment.staffId })
}

export async function listLedger(deps: Pick<Deps, 'db'>, memberId: string, page: { limit: number; offset: number }) {
  const member = await loadMember(deps, memberId)
  const Ledger = pointsLedgerModel(deps.db)
  const [rows, total, balance] = await Promise.all([
    Ledger.find({ memberId: member._id }).sort({ seq: -1 }).skip(page.offset).limit(page.limit).lean<LedgerDoc[]>(),
    Ledger.countDocuments({ memberId: member._id }),
    memberBalance(deps, member._id),
  ])
  return { memberId: String(member._id), balance, items: rows.map(toLedgerEntryView), total }
}

/** The bot's points_query: balance, tier and its benefits (see pointsReply). */
export async function pointsSummary(deps: Pick<Deps, 'db'>, memberId: string | Types.ObjectId): Promise<PointsSummary> {
  const member = await loadMember(deps, memberId)
  const recent = await recentEntries(deps, member._id, 5)
  return {
    memberId: String(member._id),
    balance: recent[0]?.balanceAfter ?? 0,
    tier: member.tier,
    tierName: TIER_NAMES[member.tier],
    benefits: [...TIER_BENEFITS[member.tier]],
    recent: recent.map(toLedgerEntryView),
  }
}

/**
 * Ledger rows stored before they were keyed by `<memberId>:<seq>` get that key (run at start; safe
 * to repeat, to be cut short and to run on two instances at once). The unique (member, seq) index
 * forbids the old and the new row side by side, so each row passes through a holding collection:
 * held, old removed, new inserted, hold released — a crash anywhere leaves it held, and the next
 * start finishes it. One scan of the ledger on the first start of this version; a marker in
 * `migrations` spares every later start the scan (so every instance must run this version before
 * points are written again by an older one).
 */
export async function keyLegacyLedgerRows(db: Pick<Deps, 'db'>['db']): Promise<number> {
  const ledger = pointsLedgerModel(db).collection
  const holding = db.collection('points_ledger_rekeying')
  const migrations = db.collection<{ _id: string; at: Date }>('migrations')
  if (await migrations.findOne({ _id: LEDGER_KEYED })) return 0
  const ignoreDuplicate = (err: unknown) => {
    if (!isDuplicateKeyError(err)) throw err
  }
  const release = async (held: Record<string, unknown>) => {
    await ledger.insertOne(held as never).catch(ignoreDuplicate)
    await holding.deleteOne({ _id: held._id as never })
  }
  for await (const held of holding.find({})) await release(held) // cut short last time
  let moved = 0
  for await (const row of ledger.find({ _id: { $type: 'objectId' } })) {
    const { _id: oldId, ...rest } = row
    const held = { ...rest, _id: ledgerEntryId(row.memberId, row.seq) }
    await holding.insertOne(held as never).catch(ignoreDuplicate)
    await ledger.deleteOne({ _id: oldId })
    await release(held)
    moved++
  }
  await migrations.insertOne({ _id: LEDGER_KEYED, at: new Date() }).catch(ignoreDuplicate)
  return moved
}

const LEDGER_KEYED = 'points-ledger-keyed-by-member-and-seq'
