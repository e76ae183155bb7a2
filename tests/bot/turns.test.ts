import { describe, expect, it } from 'vitest'
import { conversationModel } from '../../core/conversations/model.ts'
import { conversationIdFor } from '../../core/conversations/service.ts'
import { waitForEvent } from '../helpers/live-events.ts'
import { newSandboxCustomer, welcomedCustomer, type TranscriptLine } from '../helpers/sandbox-driver.ts'
import { useTestApp } from '../helpers/test-app.ts'

type Customer = Awaited<ReturnType<typeof newSandboxCustomer>>

describe('one turn at a time, an answer whatever happens', () => {
  const suite = useTestApp()

  const member = (name: string) => welcomedCustomer(suite.app, { name: name })

  const botLinesAfterWelcome = async (customer: Customer) => {
    const lines = await customer.transcript()
    const welcome = lines.findIndex((l) => l.text.includes('满500减50'))
    return lines.slice(welcome + 1).filter((l) => l.from !== 'customer').map((l) => l.text)
  }

  /** Each line waits for the bot's answer to the one before: the pace of a customer reading the replies. */
  async function oneByOne(customer: Customer, lines: string[]) {
    for (const line of lines) {
      await customer.say(line)
      await customer.waitFor(() => true)
    }
  }

  async function burstAndCompare(lines: string[], settled: (line: TranscriptLine) => boolean) {
    const [fast, slow] = [await member('王小明'), await member('王小明')] // one name: the form repeats it
    await oneByOne(slow, lines)
    await fast.burst(lines)
    await fast.waitFor(settled)
    const [fastSaid, slowSaid] = [await botLinesAfterWelcome(fast), await botLinesAfterWelcome(slow)]
    expect(fastSaid).toHaveLength(lines.length) // one answer per line, none lost
    expect(fastSaid).toEqual(slowSaid)
    return fastSaid
  }

  const conversationOf = async (customer: Customer) => {
    const token = await suite.app.staffToken(['supervisor'])
    const id = String(conversationIdFor('wechaty', customer.id))
    return { id, token, view: async () => (await suite.app.request('GET', `/api/conversations/${id}`, { token })).body }
  }

  it('three booking lines sent at once get exactly what the same lines get one by one', async () => {
    const said = await burstAndCompare(['我想预约', '明天下午3点', '13912345678'], (line) => line.text.includes('信息无误请回复'))
    expect(said.at(-1)).toContain('15:00')
    expect(said.at(-1)).toContain('139****5678')
  })

  it('a complaint told in four lines at once is taken as told one by one', async () => {
    const lines = ['我要投诉，上周在你们那配的眼镜戴了两天镜腿就断了，太让人失望了', '11月16日下午', '不清楚，一个戴眼镜的男店员，希望退款并道歉', '13600001234']
    const said = await burstAndCompare(lines, (line) => line.text.includes('请您核对'))
    expect(said.at(-1)).toContain('诉求：道歉、退款')
    expect(said.at(-1)).toContain('136****1234')
  })

  it('an emergency from a customer waiting in the queue is answered at once and jumps the queue, with a live emergency event', async () => {
    const customer = await member('排队的顾客')
    await customer.sayAndWait('转人工', '已为您转接人工客服')
    const conversation = await conversationOf(customer)
    expect(await conversation.view()).toMatchObject({ status: 'escalated', reason: 'customer_asked', priority: 4 })

    const advice = await customer.sayAndWait('我做完手术眼睛突然剧痛，还流血了怎么办', '急诊')
    expect(advice.text).toContain('120')
    expect(await conversation.view()).toMatchObject({ status: 'escalated', reason: 'emergency', priority: 0 })
    const queue = await suite.app.request('GET', '/api/conversations?status=escalated&limit=100', { token: conversation.token })
    expect(queue.body.items[0].id).toBe(conversation.id)
    const event = await waitForEvent(suite.app.url, conversation.token, 'emergency', (data) => data.conversationId === conversation.id, { after: 0 })
    expect(event).toMatchObject({ status: 'escalated', customerName: '排队的顾客' })
  })

  it('an emergency while an agent holds the chat gets the advice, keeps the agent, and raises the emergency for them; other lines stay theirs', async () => {
    const customer = await member('人工接待中的顾客')
    await customer.sayAndWait('我要找人工客服', '转接人工客服')
    const conversation = await conversationOf(customer)
    const agent = await suite.app.staffToken(['agent'])
    const me = (await suite.app.request('GET', '/api/auth/me', { token: agent })).body
    expect((await suite.app.request('POST', `/api/conversations/${conversation.id}/claim`, { token: agent })).status).toBe(200)
    await customer.waitFor((line) => line.from === 'agent')

    const advice = await customer.sayAndWait('孩子牙齿摔断了，满嘴是血止不住', '急诊')
    expect(advice.from).toBe('bot')
    expect(await conversation.view()).toMatchObject({ status: 'agent', assignee: me.id, reason: 'emergency', priority: 0 })
    const event = await waitForEvent(suite.app.url, agent, 'emergency', (data) => data.conversationId === conversation.id, { after: 0 })
    expect(event).toMatchObject({ status: 'agent', assignee: me.id })

    await customer.say('好的我现在过去，你们几点下班')
    expect(await customer.repliesSettled()).toEqual([])
  })

  it('a dialog step that throws gets an apology, the chat is queued as bot_error, and the message is marked unhandled', async () => {
    const customer = await member('遇到故障的顾客')
    await customer.sayAndWait('我要预约', '哪一天')
    const conversation = await conversationOf(customer)
    // A dialog state the code can no longer read (as after an upgrade gone wrong): its next step throws.
    await conversationModel(suite.app.deps.db).updateOne({ _id: conversation.id }, { $set: { 'dialog.state': null } })

    const apology = await customer.sayAndWait('明天上午', '非常抱歉')
    expect(apology.text).toContain('已为您转接人工客服')
    expect(await conversation.view()).toMatchObject({ status: 'escalated', reason: 'bot_error' })
    const history = (await suite.app.request('GET', `/api/conversations/${conversation.id}/messages`, { token: conversation.token })).body.items
    expect(history.find((m: { text: string }) => m.text === '明天上午')).toMatchObject({ from: 'customer', handling: 'failed' })
    expect(history.filter((m: { direction: string; handling: string }) => m.direction === 'in' && m.handling === 'pending')).toEqual([])
  })
})
