import { Schema, type Types } from 'mongoose'
import type { Deps } from '../../platform/deps.ts'
import { isDuplicateKeyError } from '../../platform/errors.ts'
import { memberIdentityModel, type MemberIdentityDoc } from './model.ts'
import { modelOf } from '../../platform/db/model-of.ts'

/**
 * WeChat's unionid: the same person across the corp's WeChat apps (the mini program, and WeCom's
 * contact and kf APIs once the corp has bound its WeChat developer account). Each unionid points
 * at the channel identity it was first seen with (`wecom:<external_userid>`, `kf:…`,
 * `miniprogram:<openid>`), so the mini program finds the member who chatted first — both lookups
 * by `_id`, and a channel that sees the unionid before the member exists can record it anyway.
 */
const memberUnionSchema = new Schema(
  {
    _id: { type: String, required: true }, // the unionid
    identityKey: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'member_unions', versionKey: false },
)

interface MemberUnionDoc {
  _id: string
  identityKey: string
  createdAt: Date
}

export const memberUnionModel = modelOf('MemberUnion', memberUnionSchema)

/** Remembers where a unionid was first seen; a later sighting keeps the first. */
export async function rememberUnionId(deps: Pick<Deps, 'db' | 'clock'>, unionid: string | null | undefined, identityKey: string): Promise<void> {
  if (!unionid) return
  try {
    await memberUnionModel(deps.db).create({ _id: unionid, identityKey, createdAt: deps.clock.now() })
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
  }
}

export async function memberIdByUnionId(deps: Pick<Deps, 'db'>, unionid: string): Promise<Types.ObjectId | null> {
  const union = await memberUnionModel(deps.db).findById(unionid).lean<MemberUnionDoc>()
  const identity = union && (await memberIdentityModel(deps.db).findById(union.identityKey).lean<MemberIdentityDoc>())
  return identity?.memberId ?? null
}
