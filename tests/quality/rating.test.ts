import { beforeAll, describe, expect, it } from 'vitest'
import { handoffModel } from '../../core/quality/model.ts'
import { fixedClock } from '../../platform/clock.ts'
import { welcomedCustomer } from '../helpers/sandbox-driver.ts'
import { useTestApp } from '../helpers/test-app.ts'
import { chatActions, namedStaff, queuedConversationOf, queuedCustomer } from './kit.ts'

const QUESTION = '请问您对本次人工服务满意吗？回复 1-5 分'

describe('the customer rates an agent’s help when the chat goes back to the bot', () => {
  const clock = fixedClock('2026-11-23T10:00:00+08:00')
  let agent: Awaited<ReturnType<typeof namedStaff>>
  const suite = useTestApp({ clock, env: { TOKEN_TTL_HOURS: '240' } })
  beforeAll(async () => {
    agent = await namedStaff(suite.app, '周敏', ['agent'])
  })

  const questionsAsked = async (conversationId: string) => {
    const history = await suite.app.request('GET', `/api/conversations/${conversationId}/messages`, { token: agent.token })
    return history.body.items.filter((m: { text: string }) => m.text === QUESTION).length
  }
  const handled = (conversationId: string) => chatActions(suite.app, conversationId).handle(agent.token, '已经帮您处理好了。')

  it('asks once on release, and stores the answer on that hand-off', async () => {
    const { customer, conversationId } = await queuedCustomer(suite.app, '评分顾客')
    await handled(conversationId)
    await customer.waitFor((line) => line.from === 'bot' && line.text === QUESTION)
    await customer.sayAndWait('5分', '感谢您的评价')
    const [handoff] = await handoffModel(suite.app.deps.db).find({ conversationId }).lean()
    expect(handoff).toMatchObject({ rating: 5, releasedBy: agent.id })
    expect(await questionsAsked(conversationId)).toBe(1)
    const kpis = await suite.app.request('GET', '/api/quality/agents?from=2026-11-23&to=2026-11-23', { token: agent.token })
    expect(kpis.body.items[0].rating).toEqual({ count: 1, average: 5 })
  })

  it('is not asked twice within 24 hours, and is asked again the next day', async () => {
    const { customer, conversationId } = await queuedCustomer(suite.app, '常来的顾客')
    await handled(conversationId)
    clock.advance(3 * 3600_000)
    await customer.sayAndWait('我还要找人工', '转接人工')
    await handled(conversationId)
    expect(await questionsAsked(conversationId)).toBe(1)
    clock.advance(25 * 3600_000)
    await customer.sayAndWait('人工客服', '转接人工')
    await handled(conversationId)
    expect(await questionsAsked(conversationId)).toBe(2)
  })

  it('is not asked after an emergency', async () => {
    const customer = await welcomedCustomer(suite.app, { name: '急诊顾客' }, '欢迎')
    await customer.sayAndWait('我眼睛突然看不见了怎么办', '120')
    const { conversationId } = await queuedConversationOf(suite.app, customer, agent.token)
    await handled(conversationId)
    expect(await questionsAsked(conversationId)).toBe(0)
  })

  it('is not asked of a member who opted out', async () => {
    const customer = await welcomedCustomer(suite.app, { name: '退订顾客' }, '欢迎')
    await customer.sayAndWait('退订', '退订')
    await customer.sayAndWait('我要找人工客服', '转接人工')
    const { conversationId } = await queuedConversationOf(suite.app, customer, agent.token)
    await handled(conversationId)
    expect(await questionsAsked(conversationId)).toBe(0)
  })

  it('an answer that is no score is answered as a message, and nothing is stored', async () => {
    const { customer, conversationId } = await queuedCustomer(suite.app, '不打分的顾客')
    await handled(conversationId)
    await customer.waitFor((line) => line.text === QUESTION)
    await customer.say('你好')
    await customer.waitFor((line) => line.from === 'bot' && line.text.includes('欢迎咨询'))
    await customer.say('4')
    await customer.waitFor((line) => line.from === 'bot')
    const [handoff] = await handoffModel(suite.app.deps.db).find({ conversationId }).lean()
    expect(handoff.rating ?? null).toBeNull()
  })
})
