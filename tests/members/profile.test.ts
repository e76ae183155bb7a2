import { describe, expect, it } from 'vitest'
import { getMember } from '../../core/members/service.ts'
import { importVisits } from '../../core/visits/import.ts'
import { fixedClock } from '../../platform/clock.ts'
import { useStaffTokens, useTestApp } from '../helpers/test-app.ts'
import { newMember, newPhone } from './factories.ts'

describe('editing a member from the console', () => {
  const clock = fixedClock('2026-11-23T02:00:00Z')
  const suite = useTestApp({ clock })
  const tokens = useStaffTokens(() => suite.app, { agent: ['agent'] })

  it('an agent records tags, notes, category and family members', async () => {
    const member = await newMember(suite.app)
    const res = await suite.app.request('PATCH', `/api/members/${member.id}`, {
      token: tokens.agent,
      body: { tags: ['近视', '近视', '复查'], notes: '偏好上午就诊', category: 'diabetic', birthday: '1958-03-12', familyMembers: [{ name: '张小宝', relation: '孙子', birthday: '2018-07-01' }] },
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ tags: ['近视', '复查'], notes: '偏好上午就诊', category: 'diabetic', birthday: '1958-03-12', familyMembers: [{ name: '张小宝', relation: '孙子', birthday: '2018-07-01' }] })
  })

  it('bad fields are a 400 naming the field, a birthday that does not exist a 422; unknown fields are refused', async () => {
    const member = await newMember(suite.app)
    const badPhone = await suite.app.request('PATCH', `/api/members/${member.id}`, { token: tokens.agent, body: { phone: '010-12345678' } })
    expect(badPhone.status).toBe(400)
    expect(badPhone.body.error.message).toContain('phone')
    expect((await suite.app.request('PATCH', `/api/members/${member.id}`, { token: tokens.agent, body: { tier: 'A' } })).status).toBe(400)
    expect((await suite.app.request('PATCH', `/api/members/${member.id}`, { token: tokens.agent, body: { birthday: '2026-02-30' } })).status).toBe(422)
  })

  it('moving a member to an unknown clinic is a 422', async () => {
    const member = await newMember(suite.app)
    const res = await suite.app.request('PATCH', `/api/members/${member.id}`, { token: tokens.agent, body: { clinicCode: 'XX99' } })
    expect(res.status).toBe(422)
  })

  it('directors may read but not edit members', async () => {
    const member = await newMember(suite.app)
    const director = await suite.app.staffToken(['director'])
    expect((await suite.app.request('PATCH', `/api/members/${member.id}`, { token: director, body: { notes: 'x' } })).status).toBe(403)
  })

  it("a phone held by a pending member from a visit import merges that record's visits and points into the member", async () => {
    const phone = newPhone()
    await importVisits(suite.app.deps, [{ externalId: 'his-pending-1', phone, clinicCode: 'BJ01', visitedAt: '2026-11-01 10:00', type: 'surgical', amount: 250_000 }])
    const member = await newMember(suite.app)
    const res = await suite.app.request('PATCH', `/api/members/${member.id}`, { token: tokens.agent, body: { phone } })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ phone, points: 250_000, tier: 'C' })
    const visits = await suite.app.request('GET', `/api/members/${member.id}/visits`, { token: tokens.agent })
    expect(visits.body.items.map((v: { externalId: string }) => v.externalId)).toEqual(['his-pending-1'])
    const ledger = await suite.app.request('GET', `/api/members/${member.id}/points`, { token: tokens.agent })
    expect(ledger.body.items.reduce((sum: number, e: { deltaPoints: number }) => sum + e.deltaPoints, 0)).toBe(250_000)
    expect((await getMember(suite.app.deps, member.id)).status).toBe('active')
  })
})
