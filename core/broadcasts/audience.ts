import type { Deps } from '../../platform/deps.ts'
import { clinicModel } from '../clinics/model.ts'
import { memberModel, type MemberDoc } from '../members/model.ts'
import type { Audience } from './model.ts'

export type AudienceMember = Pick<MemberDoc, '_id' | 'name' | 'tier' | 'clinicCode' | 'birthday' | 'familyMembers' | 'joinedAt'>

const MEMBER_FIELDS = { name: 1, tier: 1, clinicCode: 1, birthday: 1, familyMembers: 1, joinedAt: 1 }
/** Members per chunk: one delivery insertMany of a thousand rows, the size FerretDB writes fastest. */
const CHUNK = 1000
/** Rows per round trip of a planner's cursors (the driver's default is 101). */
export const CURSOR_BATCH = 1000

/**
 * Who may receive unprompted messages at all: members who added an account (active; a pending
 * member from a visit import has no channel identity yet; a merged one lives on in another) and
 * have not opted out (退订).
 */
export const REACHABLE = { status: 'active', optedOut: { $ne: true } } as const

/** Birthdays on this day ('YYYY-MM-DD'); 29 February birthdays are kept on 28 February in common years. */
export function birthdayPattern(day: string): RegExp {
  const [year, month, date] = day.split('-').map(Number)
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const monthDay = `${day.slice(5, 7)}-${day.slice(8, 10)}`
  return month === 2 && date === 28 && !leap ? /-02-(28|29)$/ : new RegExp(`-${monthDay}$`)
}

/** The member filter of a broadcast's audience on a business day (for birthdayToday). */
export function audienceFilter(audience: Audience, day: string): Record<string, unknown> {
  const filter: Record<string, unknown> = { ...REACHABLE }
  if (audience.tiers?.length) filter.tier = { $in: audience.tiers }
  if (audience.categories?.length) filter.category = { $in: audience.categories }
  if (audience.clinicCodes?.length) filter.clinicCode = { $in: audience.clinicCodes }
  if (audience.tags?.length) filter.tags = { $in: audience.tags } // any of the tags
  if (audience.birthdayToday) filter.birthday = { $regex: birthdayPattern(day) }
  return filter
}

export async function countMembers(deps: Pick<Deps, 'db'>, filter: Record<string, unknown>): Promise<number> {
  return memberModel(deps.db).countDocuments(filter)
}

/**
 * Walks the matching members in _id order, a chunk at a time (a large audience never sits in
 * memory at once), through one cursor: on FerretDB every query but `{ _id }` reads the whole
 * collection, so a query per page (`_id > last`, limit) made planning quadratic in the audience.
 */
export async function forEachMemberChunk(deps: Pick<Deps, 'db'>, filter: Record<string, unknown>, visit: (members: AudienceMember[]) => Promise<void>): Promise<void> {
  const cursor = memberModel(deps.db).find(filter, MEMBER_FIELDS).sort({ _id: 1 }).batchSize(CURSOR_BATCH).lean<AudienceMember[]>().cursor()
  try {
    let chunk: AudienceMember[] = []
    for await (const member of cursor) {
      chunk.push(member as AudienceMember)
      if (chunk.length < CHUNK) continue
      await visit(chunk)
      chunk = []
    }
    if (chunk.length) await visit(chunk)
  } finally {
    await cursor.close()
  }
}

/** Clinic names by code, for {{clinic}}. */
export async function clinicNames(deps: Pick<Deps, 'db'>): Promise<Map<string, string>> {
  const clinics = await clinicModel(deps.db).find({}, { code: 1, name: 1 }).lean<Array<{ code: string; name: string }>>()
  return new Map(clinics.map((clinic) => [clinic.code, clinic.name]))
}
