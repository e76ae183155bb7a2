import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createNlu } from '../../bot/nlu/index.ts'
import { createLlmClassifier } from '../../bot/nlu/llm-nlu.ts'
import { parseLocal } from '../../bot/nlu/local-nlu.ts'
import { startFakeChatServer, type FakeChatServer } from './fake-chat-server.ts'

const now = new Date('2026-11-23T10:00:00+08:00')
const ctx = { now, clinics: [{ code: 'BJ01', name: '北京朝阳眼科中心' }] }
// Vague enough that the local rules are unsure about it
const UNSURE = '我上次说的那个事'

let server: FakeChatServer
const errors: unknown[] = []
const llm = () =>
  createLlmClassifier({ apiKey: 'test-key', baseURL: server.baseURL, model: 'stand-in-model', timeoutMs: 300, onError: (e) => errors.push(e) })

beforeAll(async () => {
  server = await startFakeChatServer()
})
afterAll(async () => {
  await server.close()
})
beforeEach(() => {
  server.requests.length = 0
  errors.length = 0
})

describe('the language model behind the local rules', () => {
  it('is asked about an unsure message, and its good answer is used', async () => {
    expect(parseLocal(UNSURE, ctx).confidence).toBeLessThan(0.6)
    server.answer = () => ({ content: '{"intent":"complaint","confidence":0.86,"slots":{"phone":"13812345678"}}' })

    const result = await createNlu({ llm: llm() }).parse(UNSURE, ctx)

    expect(result).toMatchObject({ source: 'llm', intent: 'complaint', confidence: 0.86, slots: { phone: '13812345678' } })
    expect(server.requests).toHaveLength(1)
    const [request] = server.requests
    expect(request.model).toBe('stand-in-model')
    expect(request.messages.at(-1)).toEqual({ role: 'user', content: UNSURE })
    expect(request.messages[0].role).toBe('system')
    for (const intent of ['emergency', 'opt_out', 'human_agent', 'report_query']) expect(request.messages[0].content).toContain(intent)
    expect(request.messages[0].content).toContain('2026-11-23')
  })

  it('is not asked about a message the local rules are sure of', async () => {
    server.answer = () => ({ content: '{"intent":"other","confidence":0.99}' })
    const result = await createNlu({ llm: llm() }).parse('我要退订', ctx)
    expect(result).toMatchObject({ source: 'local', intent: 'opt_out' })
    expect(server.requests).toHaveLength(0)
  })

  it('falls back to the local result when the answer comes after the timeout', async () => {
    server.answer = () => ({ delayMs: 3000, content: '{"intent":"complaint","confidence":0.9}' })
    const started = Date.now()
    const result = await createNlu({ llm: llm() }).parse(UNSURE, ctx)
    expect(Date.now() - started).toBeLessThan(2000)
    expect(server.requests).toHaveLength(1)
    expect(result.source).toBe('local')
    expect(result.intent).toBe(parseLocal(UNSURE, ctx).intent)
    expect(errors).toHaveLength(1)
  })

  it.each([
    ['not JSON', { content: '我觉得是投诉' }],
    ['an unknown intent', { content: '{"intent":"refund","confidence":0.9}' }],
    ['a confidence out of range', { content: '{"intent":"complaint","confidence":7}' }],
    ['no intent', { content: '{"confidence":0.9}' }],
    ['an empty answer', { content: '' }],
    ['an HTTP error', { status: 500 }],
    ['a rejected key', { status: 401 }],
  ])('falls back to the local result on %s', async (_what, answer) => {
    server.answer = () => answer
    const result = await createNlu({ llm: llm() }).parse(UNSURE, ctx)
    expect(server.requests).toHaveLength(1)
    expect(result).toEqual({ ...parseLocal(UNSURE, ctx), source: 'local' })
    expect(errors).toHaveLength(1)
  })

  it('never sends a local emergency away, even when every message counts as unsure', async () => {
    server.answer = () => ({ content: '{"intent":"other","confidence":0.99}' })
    const nlu = createNlu({ llm: llm(), unsureBelow: 1.01 })
    for (const text of ['眼睛突然看不见了', '术后眼睛剧痛流血', '打完玻尿酸皮肤发白发紫']) {
      const result = await nlu.parse(text, ctx)
      expect(result).toMatchObject({ source: 'local', intent: 'emergency' })
    }
    expect(server.requests).toHaveLength(0)
  })

  it('accepts an answer wrapped in a code fence', async () => {
    server.answer = () => ({ content: '```json\n{"intent":"appointment","confidence":0.8}\n```' })
    const result = await createNlu({ llm: llm() }).parse(UNSURE, ctx)
    expect(result).toMatchObject({ source: 'llm', intent: 'appointment' })
  })

  it('keeps the local slots over the model\'s, drops its malformed slots and clinics that do not exist', async () => {
    server.answer = () => ({
      content: JSON.stringify({ intent: 'appointment', confidence: 0.9, slots: { date: '2030-01-01', time: '25:99', clinic: 'XX99', amount: 300 } }),
    })
    const result = await createNlu({ llm: llm() }).parse('我妹妹下个月3号那个事', ctx)
    expect(result.source).toBe('llm')
    expect(result.slots).toEqual({ date: '2026-12-03', amount: 300 })
  })

  it('keeps the local anger flag and lists the local reading among the alternatives', async () => {
    server.answer = () => ({ content: '{"intent":"human_agent","confidence":0.7}' })
    const text = '你们这什么破东西😡'
    const local = parseLocal(text, ctx)
    const result = await createNlu({ llm: llm(), unsureBelow: 1.01 }).parse(text, ctx)
    expect(result).toMatchObject({ source: 'llm', intent: 'human_agent', angry: true })
    if (local.intent !== 'human_agent') expect(result.alternatives?.map((a) => a.intent)).toContain(local.intent)
  })
})
