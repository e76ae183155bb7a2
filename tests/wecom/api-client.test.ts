import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWecomApiClient, toSendError, WecomApiError } from '../../platform/wecom/api-client.ts'
import { wecomTokenModel } from '../../platform/wecom/models.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { FAKE_CORP_ID, FAKE_SECRET, startFakeWecom, type FakeWecom } from './fake-wecom.ts'
import { wecomEnv } from './wecom-kit.ts'

describe('the WeCom API client', () => {
  let fake: FakeWecom
  let app: TestApp
  beforeAll(async () => {
    fake = await startFakeWecom()
    // No channels: only the client against the shared database.
    app = await startTestApp({ env: wecomEnv(fake, { WECOM_SENDER_USERID: '', WECOM_KF_OPEN_KFID: '' }) })
  })
  afterAll(async () => {
    await app?.stop()
    await fake?.close()
  })

  /** An instance of its own: its own memory, the shared database. */
  const instance = (options: { busyBackoffMs?: number; secret?: string } = {}) =>
    createWecomApiClient({ db: app.deps.db, log: app.deps.log, corpId: FAKE_CORP_ID, secret: options.secret ?? FAKE_SECRET, apiBase: fake.url, busyBackoffMs: options.busyBackoffMs ?? 10 })

  it('the token is fetched once and shared through the database by every instance', async () => {
    const issued = fake.tokensIssued()
    const [a, b] = [instance(), instance()]
    await a.get('/cgi-bin/externalcontact/get', { external_userid: 'wm_1' })
    await b.get('/cgi-bin/externalcontact/get', { external_userid: 'wm_1' })
    expect(fake.tokensIssued()).toBe(issued + 1)
    const stored = await wecomTokenModel(app.deps.db).findOne().lean<any>()
    expect(stored.token.length).toBeGreaterThan(200) // long tokens are kept whole
    expect(JSON.stringify(stored)).not.toContain(FAKE_SECRET)
  })

  it('a token that expires mid-run (42001) is refreshed once and the call retried; concurrent callers on two instances refresh once', async () => {
    const [a, b] = [instance(), instance()]
    await a.accessToken()
    await b.accessToken()
    const issued = fake.tokensIssued()
    const callsBefore = fake.calls('/cgi-bin/kf/customer/batchget').length
    fake.expireTokens()
    const calls = [a, b].flatMap((client) => Array.from({ length: 5 }, (_, i) => client.post('/cgi-bin/kf/customer/batchget', { external_userid_list: [`wo_${i}`] })))
    const answers = await Promise.all(calls)
    expect(answers.every((answer: any) => answer.errcode === 0)).toBe(true)
    expect(fake.tokensIssued()).toBe(issued + 1)
    const made = fake.calls('/cgi-bin/kf/customer/batchget').slice(callsBefore)
    expect(made).toHaveLength(20) // each call twice: refused with the old token (42001), then retried once with the new
    expect(new Set(made.map((r) => r.query.access_token)).size).toBe(2)
  })

  it('WeCom busy (-1) is retried with back-off, at most three times', async () => {
    const client = instance()
    fake.failNext('/cgi-bin/externalcontact/get', -1, 2)
    await expect(client.get('/cgi-bin/externalcontact/get', { external_userid: 'wm_busy' })).resolves.toMatchObject({ errcode: 0 })
    const before = fake.calls('/cgi-bin/externalcontact/get').length
    fake.failNext('/cgi-bin/externalcontact/get', -1, 5)
    await expect(client.get('/cgi-bin/externalcontact/get', { external_userid: 'wm_busy' })).rejects.toMatchObject({ errcode: -1 })
    expect(fake.calls('/cgi-bin/externalcontact/get').length - before).toBe(4) // the call and three retries
    fake.failNext('/cgi-bin/externalcontact/get', -1, 1) // leave none queued behind
    await client.get('/cgi-bin/externalcontact/get', { external_userid: 'wm_busy' })
  })

  it('rate limits become transient send errors that wait a minute; kf window errors are permanent', async () => {
    const client = instance()
    fake.failNext('/cgi-bin/kf/send_msg', 45009, 1, 'api freq out of limit')
    const limited = await client.post('/cgi-bin/kf/send_msg', {}).catch((err) => err)
    expect(limited).toBeInstanceOf(WecomApiError)
    expect(toSendError(limited)).toMatchObject({ kind: 'transient', reason: 'rate_limited', retryAfterMs: 60_000 })
    expect(toSendError(new WecomApiError(95018, 'invalid state', '/cgi-bin/kf/send_msg'), { 95018: 'human_servicing' })).toMatchObject({ kind: 'permanent', reason: 'human_servicing' })
    expect(toSendError(new WecomApiError(60020, 'not allow to access from your ip, from ip: 1.2.3.4', '/x'))).toMatchObject({ kind: 'transient', reason: 'wecom_not_permitted' })
  })

  it('a wrong secret (40001) fails clearly and does not hammer gettoken', async () => {
    const client = instance({ secret: 'not-the-secret' })
    await expect(client.accessToken()).rejects.toMatchObject({ errcode: 40001 })
    const attempts = fake.calls('/cgi-bin/gettoken').filter((r) => r.query.corpsecret === 'not-the-secret').length
    await expect(client.accessToken()).rejects.toBeInstanceOf(WecomApiError)
    expect(fake.calls('/cgi-bin/gettoken').filter((r) => r.query.corpsecret === 'not-the-secret').length).toBe(attempts)
  })
})
