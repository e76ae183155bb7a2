import { beforeAll, describe, expect, it } from 'vitest'
import { conversationMessageModel, conversationModel, type ConversationDoc } from '../../core/conversations/model.ts'
import { countMisunderstanding, openConversation, recordInbound } from '../../core/conversations/service.ts'
import { useTestApp } from '../helpers/test-app.ts'

/**
 * Every writer that touches a conversation at once — the agents' API calls, the customer's
 * inbound message, the bot's misunderstanding count — goes through one guarded path, so none
 * undoes another's accepted change.
 */
describe('mixed writers on one conversation', () => {
  const agents: Array<{ token: string; id: string }> = []
  const suite = useTestApp({ env: { BOT_ENABLED: 'false' } })
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const token = await suite.app.staffToken(['agent'])
      agents.push({ token, id: (await suite.app.request('GET', '/api/auth/me', { token })).body.id })
    }
  })

  const load = async (id: unknown) => (await conversationModel(suite.app.deps.db).findById(id).lean<ConversationDoc>())!
  /** An API call that must be accepted, timed: a stuck revision would keep it waiting for the dead-ticket window. */
  const accepted = async (path: string, token: string, body?: unknown) => {
    const started = Date.now()
    const res = await suite.app.request('POST', path, { token, body })
    return { status: res.status, body: res.body, ms: Date.now() - started }
  }

  it('50 rounds of claim, inbound message, misunderstanding count, transfer and release: nothing accepted is lost, and every later transition wins within a second', async () => {
    const [a, b] = agents
    const conversation = await openConversation(suite.app.deps, { channel: 'sandbox', account: 'sandbox-bot', externalId: 'race-customer', customerName: '赛跑' })
    const path = (action: string) => `/api/conversations/${conversation._id}/${action}`
    let inbound = 0
    const customerWrites = async (round: number, phase: string) => {
      const at = Date.now()
      const message = await recordInbound(suite.app.deps, conversation, { providerMessageId: `race-${round}-${phase}`, type: 'text', text: `第${round}轮${phase}` })
      inbound++
      return { at, message }
    }

    for (let round = 0; round < 50; round++) {
      const before = await load(conversation._id)
      const [claim, sent, count] = await Promise.all([
        accepted(path('claim'), a.token),
        customerWrites(round, 'claim'),
        countMisunderstanding(suite.app.deps, conversation._id, false),
      ])
      expect(claim.status, `round ${round} claim`).toBe(200)
      expect(count).toBeGreaterThan(0)
      let now = await load(conversation._id)
      expect(now).toMatchObject({ status: 'agent', assignee: expect.anything() })
      expect(String(now.assignee)).toBe(a.id)
      expect(now.misunderstandings).toBe((before.misunderstandings ?? 0) + 1)
      expect(now.lastCustomerMessageAt!.getTime()).toBeGreaterThanOrEqual(sent.at - 5)

      const [transfer, sentDuringTransfer] = await Promise.all([
        accepted(path('transfer'), a.token, { staffId: b.id }),
        customerWrites(round, 'transfer'),
        countMisunderstanding(suite.app.deps, conversation._id, false),
      ])
      expect(transfer.status, `round ${round} transfer`).toBe(200)
      now = await load(conversation._id)
      expect(String(now.assignee)).toBe(b.id)
      expect(now.status).toBe('agent')
      expect(now.misunderstandings).toBe((before.misunderstandings ?? 0) + 2)
      expect(now.lastCustomerMessageAt!.getTime()).toBeGreaterThanOrEqual(sentDuringTransfer.at - 5)

      const [release] = await Promise.all([accepted(path('release'), b.token), customerWrites(round, 'release'), countMisunderstanding(suite.app.deps, conversation._id, false)])
      expect(release.status, `round ${round} release`).toBe(200)
      now = await load(conversation._id)
      expect(now.status).toBe('bot')
      expect(now.assignee ?? null).toBeNull()
      expect([0, 1]).toContain(now.misunderstandings) // the release resets the count; the miss before or after it
      for (const call of [claim, transfer, release]) expect(call.ms).toBeLessThan(1000)
    }
    const stored = await conversationMessageModel(suite.app.deps.db).countDocuments({ conversationId: conversation._id, direction: 'in' })
    expect(stored).toBe(inbound)
    expect(inbound).toBe(150)
  }, 90_000) // the rule is a second per call; 150 rounds of calls (and their hand-off records) take half a minute on two shared cores

  it('a burst of claims on one conversation answers 200 to its holder and 409 to the rest, never a 500', async () => {
    const conversation = await openConversation(suite.app.deps, { channel: 'sandbox', account: 'sandbox-bot', externalId: 'burst-customer', customerName: '抢单' })
    const tokens = [...agents.map((a) => a.token), ...(await Promise.all([1, 2, 3].map(() => suite.app.staffToken(['agent']))))]
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => suite.app.request('POST', `/api/conversations/${conversation._id}/claim`, { token: tokens[i % tokens.length] })))
    const statuses = answers.map((res) => res.status)
    expect(statuses.filter((status) => ![200, 409].includes(status))).toEqual([])
    expect(statuses).toContain(200)
    for (const res of answers.filter((r) => r.status === 409)) expect(['conversation_taken', 'conflict']).toContain(res.body.error.code)
  })
})
