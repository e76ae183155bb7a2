import { beforeAll, describe, expect, it } from 'vitest'
import { memberAccessLogModel } from '../../core/members/model.ts'
import { updateMemberProfile } from '../../core/members/service.ts'
import { fixedClock } from '../../platform/clock.ts'
import { useTestApp } from '../helpers/test-app.ts'
import { newMember } from './factories.ts'

describe('member records: roles see only what they need, and every read is logged', () => {
  const clock = fixedClock('2026-11-23T02:00:00Z')
  let memberId: string
  const tokens: Record<string, string> = {}

  const suite = useTestApp({ clock })
  beforeAll(async () => {
    const member = await newMember(suite.app, { name: '周晓', phone: '13812345678' })
    await updateMemberProfile(suite.app.deps, member.id, { idNumber: '110101199001011234' })
    memberId = member.id
    for (const role of ['agent', 'supervisor', 'marketing', 'director', 'medical'] as const) tokens[role] = await suite.app.staffToken([role])
    tokens.admin = await suite.app.login()
  })

  const read = (role: string, id = memberId) => suite.app.request('GET', `/api/members/${id}`, { token: tokens[role] })

  it('marketing sees a masked phone (138****5678); an agent sees it in full', async () => {
    expect((await read('marketing')).body.phone).toBe('138****5678')
    expect((await read('agent')).body.phone).toBe('13812345678')
  })

  it('directors and the medical director see masked phones; supervisors and admins see them in full', async () => {
    expect((await read('director')).body.phone).toBe('138****5678')
    expect((await read('medical')).body.phone).toBe('138****5678')
    expect((await read('supervisor')).body.phone).toBe('13812345678')
    expect((await read('admin')).body.phone).toBe('13812345678')
  })

  it('only an admin sees the ID number in full', async () => {
    expect((await read('admin')).body.idNumber).toBe('110101199001011234')
    expect((await read('agent')).body.idNumber).toBe('1101**********1234')
  })

  it('the record carries the contract fields', async () => {
    const res = await read('agent')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id: memberId, name: '周晓', tier: 'D', category: null, clinicCode: 'BJ01', points: 0, optedOut: false, birthday: null, joinedAt: '2026-11-23T02:00:00.000Z', tags: [], notes: '', familyMembers: [] })
  })

  it('each read of a record writes an access-log row naming the staff member', async () => {
    const before = await memberAccessLogModel(suite.app.deps.db).countDocuments({ memberId })
    const me = await suite.app.request('GET', '/api/auth/me', { token: tokens.marketing })
    await read('marketing')
    const rows = await memberAccessLogModel(suite.app.deps.db).find({ memberId }).sort({ at: -1, _id: -1 }).lean()
    expect(rows).toHaveLength(before + 1)
    expect(rows[0]).toMatchObject({ staffId: me.body.id, what: 'profile' })
    expect(rows[0].at.toISOString()).toBe('2026-11-23T02:00:00.000Z')
    const log = await suite.app.request('GET', `/api/members/${memberId}/access-log`, { token: tokens.admin })
    expect(log.body.items[0]).toMatchObject({ staffId: me.body.id, what: 'profile' })
  })

  it('an unknown or malformed id is a 404, never a 500', async () => {
    expect((await read('agent', 'aaaaaaaaaaaaaaaaaaaaaaaa')).status).toBe(404)
    const malformed = await read('agent', 'not-an-id')
    expect(malformed.status).toBe(404)
    expect(malformed.body.error.code).toBe('member_not_found')
  })

  it('the medical role may read a record but not browse the member list', async () => {
    expect((await suite.app.request('GET', '/api/members', { token: tokens.medical })).status).toBe(403)
  })

  it('the list finds a member by the last 4 digits of the phone, masked for marketing', async () => {
    const res = await suite.app.request('GET', '/api/members?query=5678', { token: tokens.marketing })
    expect(res.status).toBe(200)
    expect(res.body.items.map((m: { id: string }) => m.id)).toContain(memberId)
    expect(res.body.items.find((m: { id: string }) => m.id === memberId).phone).toBe('138****5678')
  })

  it('the list finds by the full phone and by part of the name; regex characters in the query match literally', async () => {
    const byPhone = await suite.app.request('GET', '/api/members?query=13812345678', { token: tokens.agent })
    expect(byPhone.body.items.map((m: { id: string }) => m.id)).toEqual([memberId])
    const byName = await suite.app.request('GET', `/api/members?query=${encodeURIComponent('晓')}`, { token: tokens.agent })
    expect(byName.body.items.map((m: { id: string }) => m.id)).toContain(memberId)
    const regex = await suite.app.request('GET', `/api/members?query=${encodeURIComponent('.*')}`, { token: tokens.agent })
    expect(regex.status).toBe(200)
    expect(regex.body.total).toBe(0)
  })

  it('the list filters by tier, category and clinic', async () => {
    const child = await newMember(suite.app, { name: '小明', clinicCode: 'CD01' })
    await suite.app.request('PATCH', `/api/members/${child.id}`, { token: tokens.agent, body: { category: 'child' } })
    const res = await suite.app.request('GET', '/api/members?category=child&clinicCode=CD01&tier=D', { token: tokens.agent })
    expect(res.body.items.map((m: { id: string }) => m.id)).toEqual([child.id])
    expect(res.body.total).toBe(1)
  })
})
