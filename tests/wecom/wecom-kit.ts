import { randomBytes } from 'node:crypto'
import { encrypt, getSignature } from '@wecom/crypto'
import { afterAll, beforeAll } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { FAKE_CORP_ID, FAKE_SECRET, startFakeWecom, type FakeWecom } from './fake-wecom.ts'

/** Callbacks signed and encrypted the way WeCom does it (@wecom/crypto's encrypt + getSignature). */

export const CALLBACK_TOKEN = 'CareDeskCallbackToken'
export const AES_KEY = randomBytes(32).toString('base64').slice(0, 43) // 43 characters; + "=" decodes to the same 32 bytes
export const SENDER = 'zhangsan'
export const SERVICER = 'lisi'
export const OPEN_KFID = 'wkFakeKf0001'

export function wecomEnv(fake: FakeWecom, extra: Record<string, string> = {}): Record<string, string> {
  return {
    WECOM_CORP_ID: FAKE_CORP_ID,
    WECOM_AGENT_SECRET: FAKE_SECRET,
    WECOM_TOKEN: CALLBACK_TOKEN,
    WECOM_ENCODING_AES_KEY: AES_KEY,
    WECOM_API_BASE: fake.url,
    WECOM_SENDER_USERID: SENDER,
    WECOM_KF_OPEN_KFID: OPEN_KFID,
    WECOM_KF_SERVICER_USERID: SERVICER,
    ...extra,
  }
}

const cdata = (value: string | number) => (typeof value === 'number' ? String(value) : `<![CDATA[${value}]]>`)

export function xml(fields: Record<string, string | number>): string {
  return `<xml>${Object.entries(fields).map(([tag, value]) => `<${tag}>${cdata(value)}</${tag}>`).join('')}</xml>`
}

export function signedQuery(encrypted: string, options: { token?: string; timestamp?: string; nonce?: string } = {}) {
  const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000))
  const nonce = options.nonce ?? randomBytes(6).toString('hex')
  const signature = getSignature(options.token ?? CALLBACK_TOKEN, timestamp, nonce, encrypted)
  return new URLSearchParams({ msg_signature: signature, timestamp, nonce })
}

/** One encrypted, signed delivery of a callback; the same delivery can be posted several times (WeCom's retries). */
export function callbackDelivery(plainXml: string, options: { receiveId?: string; signWith?: string } = {}) {
  const encrypted = encrypt(AES_KEY, plainXml, options.receiveId ?? FAKE_CORP_ID)
  const query = signedQuery(encrypted, { token: options.signWith })
  const body = xml({ ToUserName: FAKE_CORP_ID, AgentID: '1000002', Encrypt: encrypted })
  return { encrypted, query, body }
}

export async function postCallback(app: TestApp, delivery: { query: URLSearchParams; body: string }) {
  const response = await fetch(`${app.url}/api/wecom/callback?${delivery.query}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: delivery.body })
  return { status: response.status, text: await response.text() }
}

export function addContactXml(input: { externalId: string; state?: string; welcomeCode?: string; userId?: string; createTime?: number }): string {
  return xml({
    ToUserName: FAKE_CORP_ID,
    FromUserName: 'sys',
    CreateTime: input.createTime ?? Math.floor(Date.now() / 1000),
    MsgType: 'event',
    Event: 'change_external_contact',
    ChangeType: 'add_external_contact',
    UserID: input.userId ?? SENDER,
    ExternalUserID: input.externalId,
    ...(input.state ? { State: input.state } : {}),
    ...(input.welcomeCode ? { WelcomeCode: input.welcomeCode } : {}),
  })
}

export function kfEventXml(token = `kftoken-${randomBytes(4).toString('hex')}`): string {
  return xml({ ToUserName: FAKE_CORP_ID, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'event', Event: 'kf_msg_or_event', Token: token, OpenKfId: OPEN_KFID })
}

type Truthy<T> = Exclude<T, null | undefined | false | 0 | ''>

/** Polls until `check` answers something truthy. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 8000, what = 'condition'): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs
  let last: T | undefined
  while (Date.now() < deadline) {
    last = await check()
    if (last) return last as Truthy<T>
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`)
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * In a describe block: the stand-in WeCom server and a test app configured for it, started before the tests and
 * stopped after them. The fields are filled in by beforeAll, so read them inside the tests (wecom.app, wecom.fake).
 */
export function useWecomApp(): { fake: FakeWecom; app: TestApp } {
  const wecom = {} as { fake: FakeWecom; app: TestApp }
  beforeAll(async () => {
    wecom.fake = await startFakeWecom()
    wecom.app = await startTestApp({ env: wecomEnv(wecom.fake) })
  })
  afterAll(async () => {
    await wecom.app?.stop()
    await wecom.fake?.close()
  })
  return wecom
}
