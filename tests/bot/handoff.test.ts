import { describe, expect, it } from 'vitest'
import { welcomedCustomer } from '../helpers/sandbox-driver.ts'
import { useTestApp } from '../helpers/test-app.ts'

describe('handing a chat to a person', () => {
  const suite = useTestApp()

  async function escalatedCustomer() {
    const customer = await welcomedCustomer(suite.app, { name: '陈阿姨' }, '欢迎')
    await customer.sayAndWait('我要找人工客服', '转接人工客服')
    const { memberId } = await customer.member()
    const token = await suite.app.staffToken(['agent'])
    const queue = await suite.app.request('GET', '/api/conversations?status=escalated&limit=100', { token })
    const conversation = queue.body.items.find((c: { memberId: string }) => c.memberId === memberId)
    expect(conversation).toBeDefined()
    return { customer, conversationId: conversation.id as string }
  }

  it('an agent claims, replies through the bot account, and releases back to the bot', async () => {
    const { customer, conversationId } = await escalatedCustomer()
    const agent = await suite.app.staffToken(['agent'])

    const claimed = await suite.app.request('POST', `/api/conversations/${conversationId}/claim`, { token: agent })
    expect(claimed.status).toBe(200)
    expect(claimed.body).toMatchObject({ status: 'agent', assigneeName: '测试员工' })
    await customer.waitFor((line) => line.from === 'agent' && line.text.includes('我是客服测试员工'))

    const sent = await suite.app.request('POST', `/api/conversations/${conversationId}/messages`, { token: agent, body: { text: '您好，您的镜片已经到店了，随时可以来取。' } })
    expect(sent.status).toBe(202)
    const reply = await customer.waitFor((line) => line.text.includes('镜片已经到店'))
    expect(reply.from).toBe('agent')

    const history = await suite.app.request('GET', `/api/conversations/${conversationId}/messages`, { token: agent })
    expect(history.body.items.map((m: { from: string }) => m.from)).toEqual(expect.arrayContaining(['customer', 'bot', 'agent']))

    const released = await suite.app.request('POST', `/api/conversations/${conversationId}/release`, { token: agent })
    expect(released.body.status).toBe('bot')
    await customer.say('你好')
    await customer.waitFor((line) => line.from === 'bot' && line.text.includes('欢迎咨询'))
  })

  it('the bot stays silent while an agent holds the chat', async () => {
    const { customer, conversationId } = await escalatedCustomer()
    const agent = await suite.app.staffToken(['agent'])
    await suite.app.request('POST', `/api/conversations/${conversationId}/claim`, { token: agent })
    await customer.waitFor((line) => line.from === 'agent')
    await customer.say('我的优惠券还能用吗')
    const replies = await customer.repliesSettled()
    expect(replies).toEqual([])
    const history = await suite.app.request('GET', `/api/conversations/${conversationId}/messages`, { token: agent })
    expect(history.body.items.at(-1)).toMatchObject({ from: 'customer', text: '我的优惠券还能用吗' })
  })

  it('two agents claiming at once: one gets the chat, the other 409', async () => {
    const { conversationId } = await escalatedCustomer()
    const [a, b] = await Promise.all([suite.app.staffToken(['agent']), suite.app.staffToken(['agent'])])
    const results = await Promise.all([a, b].map((token) => suite.app.request('POST', `/api/conversations/${conversationId}/claim`, { token })))
    expect(results.map((r) => r.status).sort()).toEqual([200, 409])
    expect(results.find((r) => r.status === 409)!.body.error.code).toBe('conversation_taken')
  })

  it('only the agent holding a chat may reply to or release it', async () => {
    const { conversationId } = await escalatedCustomer()
    const [holder, other] = await Promise.all([suite.app.staffToken(['agent']), suite.app.staffToken(['agent'])])
    await suite.app.request('POST', `/api/conversations/${conversationId}/claim`, { token: holder })
    const reply = await suite.app.request('POST', `/api/conversations/${conversationId}/messages`, { token: other, body: { text: '插一句' } })
    expect(reply.status).toBe(409)
    expect((await suite.app.request('POST', `/api/conversations/${conversationId}/release`, { token: other })).status).toBe(409)
  })

  it('roles without chat work cannot see conversations', async () => {
    const marketing = await suite.app.staffToken(['marketing'])
    expect((await suite.app.request('GET', '/api/conversations', { token: marketing })).status).toBe(403)
  })
})
