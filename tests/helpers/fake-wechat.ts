import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export const FAKE_MP_APPID = 'wxfakeminiprogram01'
export const FAKE_MP_SECRET = 'fake-mp-secret'

export interface FakeWechat {
  url: string
  /** A wx.login() code for this openid (single use, like WeChat's). */
  loginCode(openid: string, options?: { unionid?: string }): string
  /** A getPhoneNumber button code for this phone (single use). */
  phoneCode(phone: string): string
  /** Answers the next call to `path` with this errcode instead. */
  failNext(path: string, errcode: number): void
  /** How often each path was called. */
  calls(path: string): number
  close(): Promise<void>
}

/** A stand-in for api.weixin.qq.com: jscode2session, stable_token and getuserphonenumber. */
export async function startFakeWechat(): Promise<FakeWechat> {
  const loginCodes = new Map<string, { openid: string; unionid?: string }>()
  const phoneCodes = new Map<string, string>()
  const usedCodes = new Set<string>()
  const tokens = new Set<string>()
  const failures = new Map<string, number[]>()
  const counts = new Map<string, number>()

  function answer(path: string, query: URLSearchParams, body: any): Record<string, unknown> {
    counts.set(path, (counts.get(path) ?? 0) + 1)
    const failure = failures.get(path)?.shift()
    if (failure) return { errcode: failure, errmsg: `fake error ${failure}` }
    if (path === '/sns/jscode2session') {
      if (query.get('appid') !== FAKE_MP_APPID || query.get('secret') !== FAKE_MP_SECRET) return { errcode: 40013, errmsg: 'invalid appid' }
      const code = query.get('js_code') ?? ''
      if (usedCodes.has(code)) return { errcode: 40163, errmsg: 'code been used' }
      const who = loginCodes.get(code)
      if (!who) return { errcode: 40029, errmsg: 'invalid code' }
      usedCodes.add(code)
      return { openid: who.openid, session_key: randomBytes(16).toString('base64'), ...(who.unionid ? { unionid: who.unionid } : {}) }
    }
    if (path === '/cgi-bin/stable_token') {
      if (body?.appid !== FAKE_MP_APPID || body?.secret !== FAKE_MP_SECRET) return { errcode: 40013, errmsg: 'invalid appid' }
      const token = `mp-token-${randomBytes(8).toString('hex')}`
      tokens.add(token)
      return { access_token: token, expires_in: 7200 }
    }
    if (path === '/wxa/business/getuserphonenumber') {
      if (!tokens.has(query.get('access_token') ?? '')) return { errcode: 40001, errmsg: 'invalid credential' }
      const code = String(body?.code ?? '')
      if (usedCodes.has(code)) return { errcode: 40163, errmsg: 'code been used' }
      const phone = phoneCodes.get(code)
      if (!phone) return { errcode: 40029, errmsg: 'invalid code' }
      usedCodes.add(code)
      return { errcode: 0, errmsg: 'ok', phone_info: { phoneNumber: phone, purePhoneNumber: phone, countryCode: '86', watermark: { timestamp: Math.floor(Date.now() / 1000), appid: FAKE_MP_APPID } } }
    }
    return { errcode: 40066, errmsg: 'invalid url' }
  }

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const url = new URL(req.url ?? '/', 'http://fake')
    let body: unknown = null
    try {
      body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null
    } catch {
      body = null
    }
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify(answer(url.pathname, url.searchParams, body)))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  let seq = 0
  const fresh = (kind: string) => `${kind}-${++seq}-${randomBytes(4).toString('hex')}`
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    loginCode(openid, options = {}) {
      const code = fresh('login')
      loginCodes.set(code, { openid, unionid: options.unionid })
      return code
    },
    phoneCode(phone) {
      const code = fresh('phone')
      phoneCodes.set(code, phone)
      return code
    },
    failNext(path, errcode) {
      failures.set(path, [...(failures.get(path) ?? []), errcode])
    },
    calls: (path) => counts.get(path) ?? 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** The settings that point the app's mini program API at the stand-in. */
export const wechatEnv = (fake: FakeWechat) => ({ WECHAT_API_BASE: fake.url, WECHAT_MP_APPID: FAKE_MP_APPID, WECHAT_MP_SECRET: FAKE_MP_SECRET })
