import { Types } from 'mongoose'
import { beforeAll, describe, expect, it } from 'vitest'
import { conversationMessageModel } from '../../core/conversations/model.ts'
import { handoffModel } from '../../core/quality/model.ts'
import { fixedClock } from '../../platform/clock.ts'
import { newSandboxCustomer } from '../helpers/sandbox-driver.ts'
import { useTestApp } from '../helpers/test-app.ts'
import { namedStaff } from './kit.ts'

describe('what customers ask most, from a seeded week of messages', () => {
  const clock = fixedClock('2026-11-18T10:00:00+08:00') // Wednesday of the week of 2026-11-16
  let supervisor: Awaited<ReturnType<typeof namedStaff>>
  const conversationId = new Types.ObjectId()
  let n = 0
  const message = (text: string, at: string, intent: string, understood = true) => ({ _id: new Types.ObjectId(), conversationId, direction: 'in', from: 'customer', type: 'text', text, intent, understood, at: new Date(at), providerMessageId: `seed-${n++}` })

  const suite = useTestApp({ clock })
  beforeAll(async () => {
    supervisor = await namedStaff(suite.app, '赵主任', ['supervisor'])
    const monday = '2026-11-16T09:00:00+08:00'
    await conversationMessageModel(suite.app.deps.db).insertMany([
      ...['医保卡能刷吗', '医保卡能刷吗', '可以刷医保卡吗？', '医保卡能用吗'].map((t) => message(t, monday, 'other', false)),
      ...['停车场在哪', '停车场在哪里？'].map((t) => message(t, monday, 'other', false)),
      message('发票怎么开', monday, 'other', false),
      ...['我想预约', '明天能预约吗', '预约下周', '帮我约个号'].map((t) => message(t, monday, 'appointment')),
      ...['我的优惠券', '券还能用吗'].map((t) => message(t, monday, 'coupon_query')),
      message('上周想预约', '2026-11-10T09:00:00+08:00', 'appointment'),
    ])
    await handoffModel(suite.app.deps.db).insertMany(
      ['customer_asked', 'customer_asked', 'not_understood'].map((reason, i) => ({ _id: `${conversationId}:${i}`, conversationId, reason, queuedAt: new Date(monday), holders: [] })),
    )
  })

  it('groups the messages the bot did not understand by similarity, most frequent first, with examples', async () => {
    const res = await suite.app.request('GET', '/api/quality/topics?week=2026-11-19', { token: supervisor.token })
    expect(res.status).toBe(200)
    expect(res.body.week).toBe('2026-11-16')
    expect(res.body.groups).toEqual([
      { label: '医保卡能刷吗', count: 4, examples: expect.arrayContaining(['医保卡能刷吗', '医保卡能用吗', '可以刷医保卡吗？']) },
      { label: expect.stringMatching(/^停车场在哪/), count: 2, examples: expect.arrayContaining(['停车场在哪', '停车场在哪里？']) },
      { label: '发票怎么开', count: 1, examples: ['发票怎么开'] },
    ])
  })

  it('counts intents against the week before, the misunderstanding rate and hand-offs by reason', async () => {
    const { body } = await suite.app.request('GET', '/api/quality/topics?week=2026-11-16', { token: supervisor.token })
    expect(body.intents.slice(0, 3)).toEqual([
      { intent: 'other', count: 7, previous: 0 },
      { intent: 'appointment', count: 4, previous: 1 },
      { intent: 'coupon_query', count: 2, previous: 0 },
    ])
    expect(body).toMatchObject({ messages: 13, notUnderstood: 7, misunderstandingRate: 0.5385, conversations: 1 })
    expect(body.handoffs).toEqual({ total: 3, rate: 3, byReason: [{ reason: 'customer_asked', count: 2, rate: 2 }, { reason: 'not_understood', count: 1, rate: 1 }] })
  })

  it('a message the bot really did not understand shows up in the week’s list', async () => {
    const customer = await newSandboxCustomer(suite.app, { name: '问医保的顾客' })
    await customer.say('医保卡可以刷吗')
    await customer.waitFor((line) => line.from === 'bot')
    const { body } = await suite.app.request('GET', '/api/quality/topics', { token: supervisor.token })
    expect(body.groups[0]).toMatchObject({ label: '医保卡能刷吗', count: 5 })
  })

  it('a supervisor adds an answer or an intent example once; agents may not', async () => {
    const add = (token: string, body: unknown) => suite.app.request('POST', '/api/quality/suggestions', { token, body })
    expect((await add(supervisor.token, { kind: 'quick_reply', text: '医保卡能刷吗', answer: '本院暂不支持医保卡结算，可开具发票自行报销。' })).status).toBe(201)
    expect((await add(supervisor.token, { kind: 'intent_example', text: '停车场在哪', intent: 'clinic_info' })).status).toBe(201)
    expect((await add(supervisor.token, { kind: 'intent_example', text: '停车场在哪！', intent: 'clinic_info' })).body.error.code).toBe('suggestion_exists')
    const agent = await namedStaff(suite.app, '王芳', ['agent'])
    expect((await add(agent.token, { kind: 'intent_example', text: '发票怎么开', intent: 'other' })).status).toBe(403)
    const list = await suite.app.request('GET', '/api/quality/suggestions?kind=intent_example', { token: supervisor.token })
    expect(list.body.items).toEqual([expect.objectContaining({ text: '停车场在哪', intent: 'clinic_info', createdByName: '赵主任' })])
  })

  it('the bot gives the answer a supervisor added when a customer asks the same in other words', async () => {
    const answer = '发票可在缴费后到前台开具，也可以在缴费后 30 天内联系客服补开电子发票。'
    expect((await suite.app.request('POST', '/api/quality/suggestions', { token: supervisor.token, body: { kind: 'quick_reply', text: '发票怎么开', answer } })).status).toBe(201)
    const customer = await newSandboxCustomer(suite.app, { name: '问发票的顾客' })
    await customer.say('请问发票怎么开呢？')
    const reply = await customer.waitFor((line) => line.from === 'bot')
    expect(reply.text).toBe(answer)
    const stored = await conversationMessageModel(suite.app.deps.db).findOne({ from: 'customer', text: '请问发票怎么开呢？' }).lean<any>()
    expect(stored.understood).toBe(true)
  })
})
