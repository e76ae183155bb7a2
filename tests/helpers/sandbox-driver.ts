import { expect } from 'vitest'
import type { SandboxLineView } from '../../bot/sandbox-service.ts'
import type { TestApp } from './test-app.ts'

/** A line of a customer's chat as GET /api/sandbox/customers/:id/messages answers it. */
export type TranscriptLine = SandboxLineView

/** Plays a simulated WeChat customer through the sandbox API, as the console's simulator does. */
export function sandboxCustomer(app: Pick<TestApp, 'request'>, id: string) {
  const seen = { count: 0 }
  const transcript = async (): Promise<TranscriptLine[]> => (await app.request('GET', `/api/sandbox/customers/${id}/messages`)).body.messages

  const say = async (text: string) => {
    seen.count = (await transcript()).length
    const res = await app.request('POST', `/api/sandbox/customers/${id}/messages`, { body: { text } })
    expect(res.status).toBe(202)
  }
  /** Waits until a message from the bot (or agent) after the customer's last message matches. */
  const waitFor = async (match: (line: TranscriptLine) => boolean, timeoutMs = 8000): Promise<TranscriptLine> => {
    const deadline = Date.now() + timeoutMs
    let lines: TranscriptLine[] = []
    while (Date.now() < deadline) {
      lines = await transcript()
      const found = lines.slice(seen.count).find((line) => line.from !== 'customer' && match(line))
      if (found) return found
      await new Promise((r) => setTimeout(r, 100))
    }
    throw new Error(`No matching reply within ${timeoutMs} ms. Transcript:\n${lines.map((l) => `${l.from}: ${l.text}`).join('\n')}`)
  }

  return {
    id,
    transcript,
    async addAccount(hello = '') {
      const res = await app.request('POST', `/api/sandbox/customers/${id}/friend-request`, { body: { hello } })
      expect(res.status).toBe(202)
    },
    say,
    /** One turn of the chat: says `text` and waits for the reply that contains `expected`. */
    async sayAndWait(text: string, expected: string, timeoutMs?: number): Promise<TranscriptLine> {
      await say(text)
      return waitFor((line) => line.text.includes(expected), timeoutMs)
    },
    /** Lines sent at once, with no gap between them. */
    async burst(lines: string[]) {
      seen.count = (await transcript()).length
      const res = await app.request('POST', `/api/sandbox/customers/${id}/messages`, { body: { lines } })
      expect(res.status).toBe(202)
    },
    async sendImage() {
      seen.count = (await transcript()).length
      expect((await app.request('POST', `/api/sandbox/customers/${id}/messages`, { body: { image: true } })).status).toBe(202)
    },
    async member() {
      return (await app.request('GET', `/api/sandbox/customers/${id}`)).body as { id: string; name: string; memberId: string | null }
    },
    waitFor,
    /** Everything the bot said after the customer's last message, once it has been quiet for a moment. */
    async repliesSettled(quietMs = 600): Promise<TranscriptLine[]> {
      let last = -1
      let lines: TranscriptLine[] = []
      for (let round = 0; round < 40; round++) {
        await new Promise((r) => setTimeout(r, quietMs))
        lines = await transcript()
        if (lines.length === last) return lines.slice(seen.count).filter((l) => l.from !== 'customer')
        last = lines.length
      }
      throw new Error('the bot never went quiet')
    },
  }
}

export async function newSandboxCustomer(app: Pick<TestApp, 'request'>, body: { name: string; phone?: string; birthday?: string; clinicCode?: string }) {
  const res = await app.request('POST', '/api/sandbox/customers', { body })
  expect(res.status).toBe(201)
  expect(res.body).toMatchObject({ name: body.name, memberId: null })
  return sandboxCustomer(app, res.body.id)
}

/** A new sandbox customer who has added the account and read the welcome (`welcome`: what it shows, by default its coupon): a member. */
export async function welcomedCustomer(app: Pick<TestApp, 'request'>, body: { name: string; phone?: string; birthday?: string; clinicCode?: string }, welcome = '满500减50') {
  const customer = await newSandboxCustomer(app, body)
  await customer.addAccount()
  await customer.waitFor((line) => line.text.includes(welcome))
  return customer
}
