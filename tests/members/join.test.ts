import { describe, expect, it } from 'vitest'
import { memberIdentityModel, memberModel } from '../../core/members/model.ts'
import { findMemberByIdentity, joinAsMember, setOptedOut, updateContactDetails, updateMemberProfile } from '../../core/members/service.ts'
import { fixedClock } from '../../platform/clock.ts'
import { useTestApp } from '../helpers/test-app.ts'
import { newPhone } from './factories.ts'

describe('joining as a member by adding the account', () => {
  const clock = fixedClock('2026-11-23T02:00:00Z')
  const suite = useTestApp({ clock })

  const join = (externalId: string, hello?: string) => joinAsMember(suite.app.deps, { channel: 'wechaty', externalId, name: '李雷', clinicCode: 'BJ01', hello })

  it('a new contact becomes a tier D member and the greeting is kept', async () => {
    const { member, created } = await join('wx-new', '我是李雷,想咨询配镜')
    expect(created).toBe(true)
    expect(member).toMatchObject({ name: '李雷', tier: 'D', clinicCode: 'BJ01', status: 'active', points: 0, joinGreeting: '我是李雷,想咨询配镜', joinChannel: 'wechaty' })
    expect(member.joinedAt).toBe('2026-11-23T02:00:00.000Z')
  })

  it('ten add events at once make exactly one member', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => join('wx-concurrent')))
    expect(new Set(results.map((r) => r.member.id)).size).toBe(1)
    expect(results.filter((r) => r.created)).toHaveLength(1)
    expect(await memberIdentityModel(suite.app.deps.db).countDocuments({ channel: 'wechaty', externalId: 'wx-concurrent' })).toBe(1)
    expect(await memberModel(suite.app.deps.db).countDocuments({ _id: results[0].member.id })).toBe(1)
  })

  it('re-adding the account after deleting it answers the same member, not a new one', async () => {
    const first = await join('wx-readd')
    clock.advance(30 * 24 * 3600_000)
    const again = await join('wx-readd', '我又回来了')
    expect(again.created).toBe(false)
    expect(again.member.id).toBe(first.member.id)
    expect(again.member.joinedAt).toBe(first.member.joinedAt)
  })

  it('the same external id on another channel is another identity', async () => {
    const wechaty = await join('shared-id')
    const wecom = await joinAsMember(suite.app.deps, { channel: 'wecom', externalId: 'shared-id', name: '李雷', clinicCode: 'BJ01' })
    expect(wecom.member.id).not.toBe(wechaty.member.id)
    expect((await findMemberByIdentity(suite.app.deps, 'wecom', 'shared-id'))?.id).toBe(wecom.member.id)
    expect(await findMemberByIdentity(suite.app.deps, 'kf', 'shared-id')).toBeNull()
  })

  it('joining at an unknown clinic is refused with 422', async () => {
    await expect(joinAsMember(suite.app.deps, { channel: 'wechaty', externalId: 'wx-nowhere', name: '王', clinicCode: 'XX99' })).rejects.toMatchObject({ status: 422, code: 'unknown_clinic' })
  })

  it('opting out is recorded and can be undone', async () => {
    const { member } = await join('wx-optout')
    expect((await setOptedOut(suite.app.deps, member.id, true)).optedOut).toBe(true)
    expect((await setOptedOut(suite.app.deps, member.id, false)).optedOut).toBe(false)
  })

  it('contact details from the chat: a mainland mobile is normalised, anything else refused', async () => {
    const { member } = await join('wx-contact')
    const phone = newPhone()
    const updated = await updateContactDetails(suite.app.deps, member.id, { phone: `+86 ${phone.slice(0, 3)}-${phone.slice(3)}`, birthday: '1990-05-01', name: '李雷雷' })
    expect(updated).toMatchObject({ phone, birthday: '1990-05-01', name: '李雷雷' })
    await expect(updateContactDetails(suite.app.deps, member.id, { phone: '12345' })).rejects.toMatchObject({ status: 400, code: 'invalid_phone' })
    await expect(updateContactDetails(suite.app.deps, member.id, { birthday: '1990-02-30' })).rejects.toMatchObject({ status: 400, code: 'invalid_birthday' })
  })

  it('a phone already used by another member is a 409', async () => {
    const phone = newPhone()
    const a = await join('wx-phone-a')
    const b = await join('wx-phone-b')
    await updateContactDetails(suite.app.deps, a.member.id, { phone })
    await expect(updateContactDetails(suite.app.deps, b.member.id, { phone })).rejects.toMatchObject({ status: 409, code: 'phone_taken' })
  })

  it('an opt-out made beside other changes to the member is never undone by them', async () => {
    // FerretDB v1 rewrites a whole document per update: unserialised, the name lookup after a
    // welcome could put back optedOut: false that an opt-out had just written.
    for (let round = 0; round < 5; round++) {
      const { member } = await join(`wx-race-${round}`)
      await Promise.all([
        setOptedOut(suite.app.deps, member.id, true),
        updateContactDetails(suite.app.deps, member.id, { name: `张三${round}` }),
        updateMemberProfile(suite.app.deps, member.id, { tags: ['术后'] }),
        joinAsMember(suite.app.deps, { channel: 'wechaty', externalId: `wx-race-${round}`, name: '李雷', clinicCode: 'BJ01' }),
      ])
      const stored = await memberModel(suite.app.deps.db).findById(member.id).lean<{ optedOut: boolean; name: string; tags: string[]; lastAddedAt: Date | null; rev: number }>()
      expect(stored).toMatchObject({ optedOut: true, name: `张三${round}`, tags: ['术后'], rev: 4 })
      expect(stored!.lastAddedAt).not.toBeNull()
    }
  })
})
