import { Schema, type Connection, type Types } from 'mongoose'
import type { Deps } from '../../platform/deps.ts'
import { isDuplicateKeyError } from '../../platform/errors.ts'

/**
 * WeChat's unionid: the same person across the corp's WeChat apps (the mini program, and WeCom's
 * contact and kf APIs once the corp has bound its WeChat developer account). The first member a
 * unionid is seen with keeps it, so the mini program finds the member who chatted first.
 */
const memberUnionSchema = new Schema(
  {
    _id: { type: String, required: true }, // the unionid
    memberId: { type: Schema.Types.ObjectId, required: true },
    source: { type: String, required: true }, // where it was first seen: wecom, kf, miniprogram
    createdAt: { type: Date, required: true },
  },
  { collection: 'member_unions', versionKey: false },
)

interface MemberUnionDoc {
  _id: string
  memberId: Types.ObjectId
  source: string
  createdAt: Date
}

export function memberUnionModel(db: Connection) {
  return db.models.MemberUnion ?? db.model('MemberUnion', memberUnionSchema)
}

/** Remembers a unionid for a member; one already linked to someone keeps its member. */
export async function rememberUnionId(deps: Pick<Deps, 'db' | 'clock'>, unionid: string, memberId: Types.ObjectId, source: string): Promise<void> {
  if (!unionid) return
  try {
    await memberUnionModel(deps.db).create({ _id: unionid, memberId, source, createdAt: deps.clock.now() })
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
  }
}

export async function memberIdByUnionId(deps: Pick<Deps, 'db'>, unionid: string): Promise<Types.ObjectId | null> {
  const doc = await memberUnionModel(deps.db).findById(unionid).lean<MemberUnionDoc>()
  return doc?.memberId ?? null
}
