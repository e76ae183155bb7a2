import type { Types } from 'mongoose'
import type { Deps } from '../../platform/deps.ts'
import { isDuplicateKeyError, ruleNotMet } from '../../platform/errors.ts'
import type { MpApi } from '../../platform/wechat/mp-api.ts'
import { memberModel, writeMember, type MemberDoc } from '../members/model.ts'
import { assignPhone } from '../members/pending.ts'
import { normalizeMainlandMobile } from '../members/phone.ts'
import { rememberUnionId } from '../members/unions.ts'
import { linkOpenid, mpIdentityKey, unionidOf, type MemberPrincipal } from './sessions.ts'

/**
 * 绑定手机号: WeChat's phone-number code for the verified number, then the member it means — the
 * one already linked (the phone is given to them), the member who holds the number (a chat member,
 * or one created from a visit import, who becomes active), or a new member.
 */
export async function bindPhone(
  deps: Pick<Deps, 'db' | 'clock'>,
  api: MpApi,
  principal: MemberPrincipal,
  code: string,
  homeClinicCode: string,
): Promise<{ member: MemberDoc; created: boolean }> {
  const phone = normalizeMainlandMobile(await api.phoneNumber(code))
  if (!phone) throw ruleNotMet('phone_not_mainland', 'Only mainland China mobile numbers can be bound.')
  const now = deps.clock.now()
  if (principal.memberId) {
    await assignPhone(deps, principal.memberId, phone, now)
    return { member: (await memberModel(deps.db).findById(principal.memberId).lean<MemberDoc>())!, created: false }
  }
  const { memberId, created } = await memberWithPhone(deps, phone, homeClinicCode, now)
  // A concurrent binding may have linked this openid first: the member it points at wins.
  const member = (await linkOpenid(deps, principal.openid, memberId))!
  await rememberUnionId(deps, await unionidOf(deps, principal.openid), mpIdentityKey(principal.openid))
  return { member, created: created && member._id.equals(memberId) }
}

async function memberWithPhone(deps: Pick<Deps, 'db' | 'clock'>, phone: string, clinicCode: string, now: Date): Promise<{ memberId: Types.ObjectId; created: boolean }> {
  const Member = memberModel(deps.db)
  for (let attempt = 0; attempt < 3; attempt++) {
    const holder = await Member.findOne({ phone }).lean<MemberDoc>()
    if (holder?.status === 'pending') {
      await writeMember(deps.db, holder._id, { $set: { status: 'active', joinedAt: now, joinChannel: 'miniprogram', lastAddedAt: now } })
      return { memberId: holder._id, created: false }
    }
    if (holder) return { memberId: holder._id, created: false }
    try {
      const doc = await Member.create({ phone, status: 'active', name: '', clinicCode, tier: 'D', joinedAt: now, joinChannel: 'miniprogram', lastAddedAt: now, createdAt: now })
      return { memberId: doc._id as Types.ObjectId, created: true }
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err // someone took the number meanwhile: read them next round
    }
  }
  throw new Error('the member with this phone could not be read')
}
