import { Types } from 'mongoose'
import type { Deps } from '../../platform/deps.ts'
import { badRequest, isDuplicateKeyError, notFound, ruleNotMet } from '../../platform/errors.ts'
import { clinicModel } from '../clinics/model.ts'
import { memberBalance, memberBalances } from '../points/service.ts'
import { isCalendarDay, today } from './days.ts'
import { parseMemberId } from './ids.ts'
import { identityKey, memberIdentityModel, memberModel, writeMember, type Channel, type MemberDoc, type MemberIdentityDoc } from './model.ts'
import { assignPhone } from './pending.ts'
import { normalizeMainlandMobile } from './phone.ts'
import { toMemberView } from './present.ts'
import type { MemberFilters, MemberView, UpdateMemberInput } from './schemas.ts'
import { findByKey } from '../../platform/db/keyed-id.ts'

export type { MemberView } from './schemas.ts'

export { parseMemberId } from './ids.ts'

/** The view with its points balance, which lives in the ledger. */
async function view(deps: Pick<Deps, 'db'>, doc: MemberDoc): Promise<MemberView> {
  return toMemberView(doc, await memberBalance(deps, doc._id))
}

async function loadMember(deps: Pick<Deps, 'db'>, id: string | Types.ObjectId): Promise<MemberDoc> {
  const _id = parseMemberId(id)
  const doc = _id && (await memberModel(deps.db).findById(_id).lean<MemberDoc>())
  if (!doc) throw notFound('member_not_found', 'No such member.')
  return doc
}

export async function getMember(deps: Pick<Deps, 'db'>, id: string | Types.ObjectId): Promise<MemberView> {
  return view(deps, await loadMember(deps, id))
}

async function assertClinicExists(deps: Pick<Deps, 'db'>, clinicCode: string) {
  if (!(await clinicModel(deps.db).exists({ code: clinicCode }))) throw ruleNotMet('unknown_clinic', `Unknown clinic code: ${clinicCode}.`)
}

/** The identity row for (channel, externalId), created on first sight; concurrent callers all read the one row. */
async function claimIdentity(deps: Pick<Deps, 'db'>, channel: Channel, externalId: string, now: Date): Promise<MemberIdentityDoc> {
  const Identity = memberIdentityModel(deps.db)
  const known = await Identity.findById(identityKey(channel, externalId)).lean<MemberIdentityDoc>()
  if (known) return known
  try {
    return (await Identity.create({ _id: identityKey(channel, externalId), channel, externalId, memberId: new Types.ObjectId(), createdAt: now })).toObject() as MemberIdentityDoc
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err // a concurrent first contact inserted it, or it predates keyed ids
    return (await findIdentity(deps, channel, externalId))!
  }
}

async function findIdentity(deps: Pick<Deps, 'db'>, channel: Channel, externalId: string): Promise<MemberIdentityDoc | null> {
  return findByKey<MemberIdentityDoc>(memberIdentityModel(deps.db), identityKey(channel, externalId), { channel, externalId })
}

/**
 * A customer added the clinic's account: make them a member (tier D), once per channel identity.
 * Safe to repeat and to run concurrently; re-adding after deleting answers the same member.
 */
export async function joinAsMember(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { channel: Channel; externalId: string; name: string; clinicCode: string; hello?: string },
): Promise<{ member: MemberView; created: boolean }> {
  const now = deps.clock.now()
  const Member = memberModel(deps.db)
  const identity = await claimIdentity(deps, input.channel, input.externalId, now)
  // The member's _id is fixed by the identity row, so a crash between the two writes resumes here.
  const known = await writeMember(deps.db, identity.memberId, { $set: { lastAddedAt: now } })
  if (known) return { member: await view(deps, known), created: false }

  await assertClinicExists(deps, input.clinicCode)
  try {
    const created = await Member.create({
      _id: identity.memberId,
      status: 'active',
      name: input.name.trim().slice(0, 40),
      clinicCode: input.clinicCode,
      tier: 'D',
      joinedAt: now,
      joinChannel: input.channel,
      joinGreeting: input.hello?.trim().slice(0, 200) || null,
      lastAddedAt: now,
      createdAt: now,
    })
    return { member: toMemberView(created.toObject() as MemberDoc, 0), created: true }
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
    return { member: await getMember(deps, identity.memberId), created: false } // a concurrent join created it
  }
}

export async function findMemberByIdentity(deps: Pick<Deps, 'db'>, channel: Channel, externalId: string): Promise<MemberView | null> {
  const identity = await findIdentity(deps, channel, externalId)
  if (!identity) return null
  const doc = await memberModel(deps.db).findById(identity.memberId).lean<MemberDoc>()
  return doc ? view(deps, doc) : null
}

/** 退订: no marketing or care greetings while opted out; service answers still work. */
export async function setOptedOut(deps: Pick<Deps, 'db' | 'clock'>, memberId: string | Types.ObjectId, optedOut: boolean): Promise<MemberView> {
  const _id = (await loadMember(deps, memberId))._id
  await writeMember(deps.db, _id, { $set: { optedOut, optedOutAt: optedOut ? deps.clock.now() : null } })
  return getMember(deps, _id)
}

/** What a customer tells the bot about themselves; the phone must be a mainland mobile number. */
export async function updateContactDetails(
  deps: Pick<Deps, 'db' | 'clock'>,
  memberId: string | Types.ObjectId,
  details: { phone?: string; birthday?: string; name?: string },
): Promise<MemberView> {
  const now = deps.clock.now()
  const member = await loadMember(deps, memberId)
  const set: Record<string, unknown> = {}
  if (details.name !== undefined) {
    const name = details.name.trim()
    if (!name || name.length > 40) throw badRequest('invalid_name', 'The name must be 1–40 characters.')
    set.name = name
  }
  if (details.birthday !== undefined) {
    if (!isCalendarDay(details.birthday) || details.birthday > today(now)) throw badRequest('invalid_birthday', 'The birthday must be a past date YYYY-MM-DD.')
    set.birthday = details.birthday
  }
  let phone: string | null = null
  if (details.phone !== undefined) {
    phone = normalizeMainlandMobile(details.phone)
    if (!phone) throw badRequest('invalid_phone', 'The phone must be a mainland mobile number (11 digits starting with 1).')
  }
  if (phone) await assignPhone(deps, member._id, phone, now)
  if (Object.keys(set).length) await writeMember(deps.db, member._id, { $set: set })
  return getMember(deps, member._id)
}

/** Staff edits from the console (profile fields, tags, notes, family members). */
export async function updateMemberProfile(deps: Pick<Deps, 'db' | 'clock'>, memberId: string, patch: UpdateMemberInput): Promise<MemberView> {
  const now = deps.clock.now()
  const member = await loadMember(deps, memberId)
  const { phone, optedOut, clinicCode, tags, ...fields } = patch
  const set: Record<string, unknown> = { ...fields }
  const unset: Record<string, 1> = {}
  if (clinicCode !== undefined) {
    await assertClinicExists(deps, clinicCode)
    set.clinicCode = clinicCode
  }
  if (tags !== undefined) set.tags = [...new Set(tags)]
  if (optedOut !== undefined && optedOut !== member.optedOut) Object.assign(set, { optedOut, optedOutAt: optedOut ? now : null })
  if (phone === null) unset.phone = 1
  else if (phone !== undefined) await assignPhone(deps, member._id, normalizeMainlandMobile(phone)!, now)
  const update = { ...(Object.keys(set).length ? { $set: set } : {}), ...(Object.keys(unset).length ? { $unset: unset } : {}) }
  if (Object.keys(update).length) await writeMember(deps.db, member._id, update)
  return getMember(deps, member._id)
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** `query` matches the name, or the phone exactly (11 digits) or by its last 4 digits. */
export async function listMembers(deps: Pick<Deps, 'db'>, filters: MemberFilters & { limit: number; offset: number }) {
  const where: Record<string, unknown> = { status: filters.status ?? { $ne: 'merged' } }
  for (const key of ['tier', 'category', 'clinicCode'] as const) if (filters[key]) where[key] = filters[key]
  const query = filters.query?.trim()
  if (query) {
    const or: Record<string, unknown>[] = [{ name: { $regex: escapeRegex(query), $options: 'i' } }]
    const phone = normalizeMainlandMobile(query)
    if (phone) or.push({ phone })
    else if (/^\d{4}$/.test(query)) or.push({ phone: { $regex: `${query}$` } })
    where.$or = or
  }
  const Member = memberModel(deps.db)
  const [docs, total] = await Promise.all([
    Member.find(where).sort({ _id: -1 }).skip(filters.offset).limit(filters.limit).lean<MemberDoc[]>(),
    Member.countDocuments(where),
  ])
  const balances = await memberBalances(deps, docs.map((doc) => doc._id))
  return { items: docs.map((doc) => toMemberView(doc, balances.get(String(doc._id)) ?? 0)), total }
}
