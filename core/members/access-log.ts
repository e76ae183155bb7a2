import type { Types } from 'mongoose'
import type { Deps } from '../../platform/deps.ts'
import { memberAccessLogModel } from './model.ts'

export type MemberAccess = 'profile' | 'points' | 'visits' | 'coupons'

/** 隐私权保护: every staff read of a member's record leaves a row. */
export async function recordMemberAccess(deps: Pick<Deps, 'db' | 'clock'>, access: { staffId: string; memberId: string | Types.ObjectId; what: MemberAccess }) {
  await memberAccessLogModel(deps.db).create({ ...access, at: deps.clock.now() })
}

export async function listMemberAccess(deps: Pick<Deps, 'db'>, memberId: string, page: { limit: number; offset: number }) {
  const Log = memberAccessLogModel(deps.db)
  const [rows, total] = await Promise.all([
    Log.find({ memberId }).sort({ at: -1 }).skip(page.offset).limit(page.limit).lean<Array<{ staffId: string; at: Date; what: string }>>(),
    Log.countDocuments({ memberId }),
  ])
  return { items: rows.map((row) => ({ staffId: row.staffId, at: row.at.toISOString(), what: row.what })), total }
}
