import { expect } from 'vitest'
import { newSandboxCustomer } from '../helpers/sandbox-driver.ts'
import type { TestApp } from '../helpers/test-app.ts'
import type { Role } from '../../core/staff/roles.ts'

/** A named staff account (the KPI rows are told apart by name) and its token. */
export async function namedStaff(app: TestApp, name: string, roles: Role[], clinicCodes: string[] = []) {
  const admin = await app.login()
  const username = `q_${Math.random().toString(36).slice(2, 9)}`
  const created = await app.request('POST', '/api/staff', { token: admin, body: { username, name, password: 'staff-password-1', roles, clinicCodes } })
  expect(created.status).toBe(201)
  return { id: created.body.id as string, name, token: await app.login(username, 'staff-password-1') }
}

/** A member chatting with the bot who asks for a person: answers the customer and the queued conversation's id. */
export async function queuedCustomer(app: TestApp, name: string, clinicCode = 'BJ01') {
  const customer = await newSandboxCustomer(app, { name, clinicCode })
  await customer.addAccount()
  await customer.waitFor((line) => line.text.includes('欢迎'))
  await customer.say('我要找人工客服')
  await customer.waitFor((line) => line.text.includes('转人工') || line.text.includes('转接人工'))
  const { memberId } = await customer.member()
  const admin = await app.login()
  const queue = await app.request('GET', '/api/conversations?status=escalated&limit=500', { token: admin })
  const conversation = queue.body.items.find((c: { memberId: string }) => c.memberId === memberId)
  expect(conversation).toBeDefined()
  return { customer, memberId: memberId!, conversationId: conversation.id as string }
}

export function chatActions(app: TestApp, conversationId: string) {
  const post = async (path: string, token: string, body?: unknown) => {
    const res = await app.request('POST', `/api/conversations/${conversationId}${path}`, { token, body })
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300)
    return res.body
  }
  return {
    claim: (token: string) => post('/claim', token),
    reply: (token: string, text: string) => post('/messages', token, { text }),
    transfer: (token: string, staffId: string) => post('/transfer', token, { staffId }),
    release: (token: string) => post('/release', token),
  }
}
