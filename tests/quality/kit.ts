import { expect } from 'vitest'
import { welcomedCustomer } from '../helpers/sandbox-driver.ts'
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
  const customer = await welcomedCustomer(app, { name, clinicCode }, '欢迎')
  await customer.say('我要找人工客服')
  await customer.waitFor((line) => line.text.includes('转人工') || line.text.includes('转接人工'))
  return { customer, ...(await queuedConversationOf(app, customer)) }
}

/** The customer's conversation in the queue of escalated chats, as staff (by default the admin) list it. */
export async function queuedConversationOf(app: TestApp, customer: { member(): Promise<{ memberId: string | null }> }, token?: string) {
  const { memberId } = await customer.member()
  const queue = await app.request('GET', '/api/conversations?status=escalated&limit=500', { token: token ?? (await app.login()) })
  const conversation = queue.body.items.find((c: { memberId: string }) => c.memberId === memberId)
  expect(conversation).toBeDefined()
  return { memberId: memberId!, conversationId: conversation.id as string }
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
    /** Claims the chat, answers the customer once and gives the chat back to the bot. */
    async handle(token: string, text: string) {
      await post('/claim', token)
      await post('/messages', token, { text })
      await post('/release', token)
    },
  }
}
