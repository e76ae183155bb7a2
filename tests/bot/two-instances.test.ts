import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newSandboxCustomer } from '../helpers/sandbox-driver.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'

/** Reads server-sent events until one matches. */
async function waitForEvent(url: string, token: string, type: string, match: (data: any) => boolean, timeoutMs = 8000) {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), timeoutMs)
  try {
    const response = await fetch(`${url}/api/events?access_token=${token}`, { signal: controller.signal })
    expect(response.headers.get('content-type')).toContain('text/event-stream')
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
    let buffer = ''
    for (;;) {
      const { value, done } = await reader.read()
      if (done) throw new Error('stream ended')
      buffer += value
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const event = /^event: (.+)$/m.exec(block)?.[1]
        const data = /^data: (.+)$/m.exec(block)?.[1]
        if (event === type && data && match(JSON.parse(data))) return JSON.parse(data)
      }
    }
  } finally {
    clearTimeout(timer)
    controller.abort()
  }
}

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
    const customer = await newSandboxCustomer(botInstance, { name: '周先生' })
    await customer.addAccount()
    await customer.waitFor((line) => line.text.includes('欢迎'))
    const { memberId } = await customer.member()

    const escalation = waitForEvent(apiInstance.url, token, 'escalation', (data) => data.reason === 'customer_asked')
    await new Promise((r) => setTimeout(r, 300)) // the stream is open before the customer writes
    await customer.say('人工客服')
    const event = await escalation
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
