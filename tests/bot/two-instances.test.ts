import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { welcomedCustomer } from '../helpers/sandbox-driver.ts'
import { waitForEvent } from '../helpers/live-events.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'

describe('two instances sharing one database', () => {
  let botInstance: TestApp
  let apiInstance: TestApp
  beforeAll(async () => {
    const dbName = `shared_${Date.now()}`
    botInstance = await startTestApp({ dbName })
    apiInstance = await startTestApp({ dbName, env: { BOT_ENABLED: 'false' } })
  })
  afterAll(async () => {
    await apiInstance?.stop()
    await botInstance?.stop()
  })

  it('an escalation on one instance reaches the other instance’s event stream', async () => {
    const token = await apiInstance.staffToken(['agent'])
    const customer = await welcomedCustomer(botInstance, { name: '周先生' }, '欢迎')
    const { memberId } = await customer.member()

    await customer.say('人工客服')
    // Replayed from the stored events: it does not matter whether the stream opened before the escalation.
    const event = await waitForEvent(apiInstance.url, token, 'escalation', (data) => data.reason === 'customer_asked' && data.customerName === '周先生', { after: 0 })
    expect(event.conversationId).toMatch(/^[0-9a-f]{24}$/)
    const conversation = await apiInstance.request('GET', `/api/conversations/${event.conversationId}`, { token })
    expect(conversation.body.memberId).toBe(memberId)
  })

  it('the event stream refuses a missing token', async () => {
    const res = await fetch(`${apiInstance.url}/api/events`)
    expect(res.status).toBe(401)
  })

  it('the sandbox exists only where the bot runs', async () => {
    const res = await apiInstance.request('POST', '/api/sandbox/customers', { body: { name: '测试' } })
    expect(res.status).toBe(404)
  })
})
