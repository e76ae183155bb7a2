/**
 * Which members a care programme reaches on a business day. Days are 'YYYY-MM-DD' in China.
 */
import type { Types } from 'mongoose'
import type { Deps } from '../../platform/deps.ts'
import { addDays, endOfBusinessDay, startOfBusinessDay } from '../calendar/index.ts'
import { birthdayPattern, REACHABLE } from '../broadcasts/audience.ts'
import { memberModel, type MemberDoc } from '../members/model.ts'

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate()
const format = (year: number, month: number, date: number) => `${year}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`

/**
 * The joining days whose "N months later" is `day`. A month later is the same date, or the
 * month's last day when it has no such date: so on 28 February (common year) the members who
 * joined on 28–31 January get their month-1 check-in, and on 30 March nobody from February does.
 */
export function joinDaysFor(day: string, months: number): string[] {
  const [year, month, date] = day.split('-').map(Number)
  const shifted = new Date(Date.UTC(year, month - 1 - months, 1))
  const [joinYear, joinMonth] = [shifted.getUTCFullYear(), shifted.getUTCMonth() + 1]
  const lastOfJoinMonth = daysInMonth(joinYear, joinMonth)
  const to = date === daysInMonth(year, month) ? lastOfJoinMonth : date
  const days: string[] = []
  for (let d = date; d <= Math.min(to, lastOfJoinMonth); d++) days.push(format(joinYear, joinMonth, d))
  return days
}

/** Members who joined on one of these (consecutive) days; reachable ones only. */
export async function joinedOn(deps: Pick<Deps, 'db'>, days: string[]): Promise<Types.ObjectId[]> {
  if (!days.length) return []
  const rows = await memberModel(deps.db)
    .find({ ...REACHABLE, joinedAt: { $gte: startOfBusinessDay(days[0]), $lte: endOfBusinessDay(days[days.length - 1]) } }, { _id: 1 })
    .lean<Array<{ _id: Types.ObjectId }>>()
  return rows.map((row) => row._id)
}

export const day1JoinDays = (day: string) => [addDays(day, -1)]

export type BirthdayMember = Pick<MemberDoc, '_id' | 'name' | 'tier' | 'clinicCode' | 'birthday' | 'familyMembers' | 'optedOut'>

/**
 * Birthday care (domain §3): tiers A and B on their own birthday, tier A also on their family
 * members'. Opted-out members are included here: their card or gift is staff's task, only the
 * greeting is left out.
 */
export async function birthdaysOn(deps: Pick<Deps, 'db'>, day: string): Promise<Array<{ member: BirthdayMember; own: boolean; family: Array<{ name: string; relation: string }> }>> {
  const pattern = birthdayPattern(day)
  const fields = { name: 1, tier: 1, clinicCode: 1, birthday: 1, familyMembers: 1, optedOut: 1 }
  const Member = memberModel(deps.db)
  const [own, withFamily] = await Promise.all([
    Member.find({ status: 'active', tier: { $in: ['A', 'B'] }, birthday: { $regex: pattern } }, fields).lean<BirthdayMember[]>(),
    Member.find({ status: 'active', tier: 'A', 'familyMembers.birthday': { $regex: pattern } }, fields).lean<BirthdayMember[]>(),
  ])
  const byId = new Map<string, { member: BirthdayMember; own: boolean; family: Array<{ name: string; relation: string }> }>()
  for (const member of own) byId.set(String(member._id), { member, own: true, family: [] })
  for (const member of withFamily) {
    const entry = byId.get(String(member._id)) ?? { member, own: false, family: [] }
    entry.family = member.familyMembers.filter((f) => f.birthday && pattern.test(f.birthday)).map((f) => ({ name: f.name, relation: f.relation }))
    byId.set(String(member._id), entry)
  }
  return [...byId.values()]
}
