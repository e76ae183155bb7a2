import { Schema, type Types } from 'mongoose'
import type { Deps } from '../../platform/deps.ts'
import { AppError, isDuplicateKeyError } from '../../platform/errors.ts'
import type { MpApi } from '../../platform/wechat/mp-api.ts'
import type { TokenSigner } from '../staff/tokens.ts'
import { identityKey, memberIdentityModel, memberModel, writeMember, type MemberDoc, type MemberIdentityDoc } from '../members/model.ts'
import { memberIdByUnionId, rememberUnionId } from '../members/unions.ts'
import { modelOf } from '../../platform/db/model-of.ts'

/**
 * One mini program user (by openid): their unionid, kept for linking when they bind a phone.
 * WeChat's session_key is not kept: CareDesk decrypts nothing with it, so it is dropped at login.
 */
const mpUserSchema = new Schema(
  {
    _id: { type: String, required: true }, // the openid
    unionid: { type: String, default: null },
    firstLoginAt: { type: Date, required: true },
    lastLoginAt: { type: Date, required: true },
  },
  { collection: 'mp_users', versionKey: false },
)

interface MpUserDoc {
  _id: string
  unionid: string | null
  firstLoginAt: Date
  lastLoginAt: Date
}

export const mpUserModel = modelOf('MpUser', mpUserSchema)

/** Who a member token stands for: a WeChat user of the mini program, a member once linked. */
export interface MemberPrincipal {
  openid: string
  memberId: Types.ObjectId | null
}

export const mpIdentityKey = (openid: string) => identityKey('miniprogram', openid)

/** The active member an identity row points at (a merged member's successor, once). */
async function activeMember(deps: Pick<Deps, 'db'>, memberId: Types.ObjectId): Promise<MemberDoc | null> {
  const doc = await memberModel(deps.db).findById(memberId).lean<MemberDoc>()
  if (doc?.status === 'merged' && doc.mergedInto) return memberModel(deps.db).findById(doc.mergedInto).lean<MemberDoc>()
  return doc?.status === 'active' ? doc : null
}

export async function memberOfOpenid(deps: Pick<Deps, 'db'>, openid: string): Promise<MemberDoc | null> {
  const identity = await memberIdentityModel(deps.db).findById(mpIdentityKey(openid)).lean<MemberIdentityDoc>()
  return identity ? activeMember(deps, identity.memberId) : null
}

/** Links this mini program user to a member (first link wins: a concurrent one answers the same member). */
export async function linkOpenid(deps: Pick<Deps, 'db' | 'clock'>, openid: string, memberId: Types.ObjectId): Promise<MemberDoc | null> {
  const now = deps.clock.now()
  try {
    await memberIdentityModel(deps.db).create({ _id: mpIdentityKey(openid), channel: 'miniprogram', externalId: openid, memberId, createdAt: now })
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
  }
  const member = await memberOfOpenid(deps, openid)
  if (member && !member.miniprogramAt) return writeMember(deps.db, member._id, (doc) => (doc.miniprogramAt ? {} : { $set: { miniprogramAt: now } }))
  return member
}

export async function unionidOf(deps: Pick<Deps, 'db'>, openid: string): Promise<string | null> {
  return (await mpUserModel(deps.db).findById(openid).lean<MpUserDoc>())?.unionid ?? null
}

/**
 * 小程序登录: the wx.login code for WeChat's openid (and unionid), then the member it belongs to:
 * linked before, or the member the same unionid chatted as on WeCom. Answers a member token.
 */
export async function loginWithCode(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  api: MpApi | null,
  signer: TokenSigner,
  code: string,
): Promise<{ token: string; expiresAt: string; member: MemberDoc | null }> {
  if (!api) throw new AppError('mp_not_configured', 503, 'The mini program is not set up on this server (WECHAT_MP_APPID, WECHAT_MP_SECRET).')
  const session = await api.codeToSession(code)
  const now = deps.clock.now()
  await mpUserModel(deps.db).updateOne(
    { _id: session.openid },
    { $set: { lastLoginAt: now, ...(session.unionid ? { unionid: session.unionid } : {}) }, $setOnInsert: { firstLoginAt: now } },
    { upsert: true },
  )
  let member = await memberOfOpenid(deps, session.openid)
  if (!member && session.unionid) {
    const known = await memberIdByUnionId(deps, session.unionid)
    if (known) member = await linkOpenid(deps, session.openid, known)
  }
  if (member) await rememberUnionId(deps, session.unionid, mpIdentityKey(session.openid))
  const issued = signer.issue(session.openid, now, deps.config.MP_TOKEN_TTL_HOURS)
  return { token: issued.token, expiresAt: issued.expiresAt.toISOString(), member }
}

/** The principal of a member token, or null for anything else (a staff token among them). */
export async function memberPrincipalFromToken(deps: Pick<Deps, 'db' | 'clock'>, signer: TokenSigner, token: string): Promise<MemberPrincipal | null> {
  const claims = signer.verify(token, deps.clock.now())
  if (!claims) return null
  const member = await memberOfOpenid(deps, claims.sub)
  return { openid: claims.sub, memberId: member?._id ?? null }
}
