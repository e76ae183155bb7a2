import { afterAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { namedStaff } from './kit.ts'

describe('examples supervisors add from 热点问题', () => {
  const dbName = `t_training_${Date.now().toString(36)}`
  const apps: TestApp[] = []
  afterAll(async () => {
    for (const app of apps) await app.stop()
  })
  const parse = async (app: TestApp, text: string) => (await app.request('POST', '/api/nlu/parse', { body: { text } })).body.intent as string

  it('are learnt by the local model at the next start, not before', async () => {
    const first = await startTestApp({ dbName })
    apps.push(first)
    const supervisor = await namedStaff(first, '赵主任', ['supervisor'])
    expect(await parse(first, '发票怎么开')).toBe('other')
    const added = await first.request('POST', '/api/quality/suggestions', { token: supervisor.token, body: { kind: 'intent_example', text: '发票怎么开', intent: 'clinic_info' } })
    expect(added.status).toBe(201)
    expect(await parse(first, '发票怎么开')).toBe('other') // never silently: stored, not applied mid-run
    await first.stop()
    apps.pop()

    const next = await startTestApp({ dbName })
    apps.push(next)
    expect(await parse(next, '发票怎么开')).toBe('clinic_info')
  })
})
