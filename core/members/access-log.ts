import type { Types } from 'mongoose'
import { groupCommit } from '../../platform/db/group-commit.ts'
import { perConnection } from '../../platform/db/per-connection.ts'
import type { Deps } from '../../platform/deps.ts'
import { memberAccessLogModel } from './model.ts'

export type MemberAccess = 'profile' | 'points' | 'visits' | 'coupons'

type AccessRow = { staffId: string; memberId: string | Types.ObjectId; what: MemberAccess; at: Date }

const writerOf = perConnection((db) => {
  const Log = memberAccessLogModel(db)
  return groupCommit<AccessRow>((rows) => Log.insertMany(rows))
})

/** 隐私权保护: every staff read of a member's record leaves a row, stored before the read is answered. */
export async function recordMemberAccess(deps: Pick<Deps, 'db' | 'clock'>, access: Omit<AccessRow, 'at'>) {
  await writerOf(deps.db)({ ...access, at: deps.clock.now() })
}

export async function listMemberAccess(deps: Pick<Deps, 'db'>, memberId: string, page: { limit: number; offset: number }) {
  const Log = memberAccessLogModel(deps.db)
  const [rows, total] = await Promise.all([
    Log.find({ memberId }).sort({ at: -1 }).skip(page.offset).limit(page.limit).lean<Array<{ staffId: string; at: Date; what: string }>>(),
    Log.countDocuments({ memberId }),
  ])
  return { items: rows.map((row) => ({ staffId: row.staffId, at: row.at.toISOString(), what: row.what })), total }
}
