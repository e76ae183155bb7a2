import { describe, expect, it } from 'vitest'
import { fileCase } from '../complaints/factories.ts'
import { welcomedCustomer } from '../helpers/sandbox-driver.ts'
import { useTestApp } from '../helpers/test-app.ts'

describe('GET /api/counts: the cards’ figures in one call', () => {
  const suite = useTestApp()

  it('counts what the lists would total, for the sections the role may read', async () => {
    const customer = await welcomedCustomer(suite.app, { name: '计数的顾客' })
    await customer.sayAndWait('转人工', '转接人工客服')
    const agent = await suite.app.staffToken(['agent'])
    await fileCase(suite.app, agent, { clinicCode: 'BJ01' })

    const counts = await suite.app.request('GET', '/api/counts', { token: agent })
    expect(counts.status).toBe(200)
    const total = async (path: string) => (await suite.app.request('GET', path, { token: agent })).body.total as number
    expect(counts.body.chats).toMatchObject({ waiting: await total('/api/conversations?status=escalated&limit=1'), withAgents: 0, waitingByReason: { customer_asked: 1 } })
    expect(counts.body.chats.today).toBeGreaterThanOrEqual(1)
    expect(counts.body.coupons).toMatchObject({ issued: await total('/api/coupons?limit=1'), issuedToday: 1, redeemed: 0, redeemedToday: 0 })
    expect(counts.body.coupons.redeemedByDay).toHaveLength(7)
    expect(counts.body.members).toMatchObject({ total: await total('/api/members?limit=1'), byTier: { D: 1 } })
    expect(counts.body.appointments).toEqual({ today: 0, toConfirm: 0 })
    expect(counts.body.complaints).toMatchObject({ open: await total('/api/complaints?status=open&limit=1'), overdue: 0, reopened: 0, returnVisits: 0 })

    const marketing = await suite.app.request('GET', '/api/counts', { token: await suite.app.staffToken(['marketing']) })
    expect(Object.keys(marketing.body).sort()).toEqual(['coupons', 'members'])
    const chengdu = await suite.app.staffToken(['supervisor'], ['CD01'])
    expect((await suite.app.request('GET', '/api/counts', { token: chengdu })).body.complaints).toMatchObject({ open: 0 })
    expect((await suite.app.request('GET', '/api/counts?clinicCode=BJ01', { token: chengdu })).status).toBe(403)
  })
})
