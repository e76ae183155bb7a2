import { AppError } from '../errors.ts'

/**
 * WeChat's server API for the member mini program (api.weixin.qq.com, or WECHAT_API_BASE):
 * jscode2session for login, stable_token for the access token, getuserphonenumber for the phone.
 */
export interface MpSession {
  openid: string
  sessionKey: string
  unionid: string | null
}

export interface MpApi {
  codeToSession(code: string): Promise<MpSession>
  phoneNumber(code: string): Promise<string>
}

interface WechatAnswer {
  errcode?: number
  errmsg?: string
}

/** WeChat's codes a member can meet, as the API's errors (the mini program shows them in Chinese). */
function mappedError(errcode: number, errmsg: string): AppError {
  switch (errcode) {
    case 40029:
    case 40163:
    case 40125:
      return new AppError('wechat_code_invalid', 401, '登录凭证无效或已使用，请重新打开小程序。')
    case 45011:
      return new AppError('wechat_rate_limited', 429, '操作太频繁了，请稍等一分钟再试。')
    case 40226:
      return new AppError('wechat_user_risky', 403, '微信暂时限制了该账号的登录，请稍后再试或致电门店。')
    default:
      return new AppError('wechat_unavailable', 502, `微信服务暂时不可用（${errcode}: ${errmsg.slice(0, 80)}），请稍后再试。`)
  }
}

const TOKEN_INVALID = new Set([40001, 42001, 40014])
const TOKEN_EARLY_MS = 5 * 60_000

export function createMpApi(options: { apiBase: string; appId: string; secret: string; timeoutMs?: number; now?: () => number }): MpApi {
  const now = options.now ?? Date.now
  const base = options.apiBase.replace(/\/+$/, '')
  let token: { value: string; expiresAt: number } | null = null

  async function call<T extends WechatAnswer>(path: string, init?: { query?: Record<string, string>; body?: unknown }): Promise<T> {
    const url = new URL(base + path)
    for (const [key, value] of Object.entries(init?.query ?? {})) url.searchParams.set(key, value)
    let answer: T
    try {
      const response = await fetch(url, {
        method: init?.body === undefined ? 'GET' : 'POST',
        headers: init?.body === undefined ? undefined : { 'content-type': 'application/json' },
        body: init?.body === undefined ? undefined : JSON.stringify(init.body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      })
      answer = (await response.json()) as T
    } catch (err) {
      throw new AppError('wechat_unavailable', 502, `微信服务暂时连接不上，请稍后再试。`, { cause: (err as Error).message })
    }
    return answer
  }

  /** stable_token answers the same token to every caller while it is valid, so a per-process cache is enough. */
  async function accessToken(forceRefresh = false): Promise<string> {
    if (!forceRefresh && token && token.expiresAt - TOKEN_EARLY_MS > now()) return token.value
    const answer = await call<WechatAnswer & { access_token?: string; expires_in?: number }>('/cgi-bin/stable_token', {
      body: { grant_type: 'client_credential', appid: options.appId, secret: options.secret, force_refresh: forceRefresh },
    })
    if (!answer.access_token) throw mappedError(answer.errcode ?? -1, answer.errmsg ?? 'no access_token')
    token = { value: answer.access_token, expiresAt: now() + (answer.expires_in ?? 7200) * 1000 }
    return token.value
  }

  return {
    async codeToSession(code) {
      const answer = await call<WechatAnswer & { openid?: string; session_key?: string; unionid?: string }>('/sns/jscode2session', {
        query: { appid: options.appId, secret: options.secret, js_code: code, grant_type: 'authorization_code' },
      })
      if (answer.errcode || !answer.openid || !answer.session_key) throw mappedError(answer.errcode ?? -1, answer.errmsg ?? 'no openid')
      return { openid: answer.openid, sessionKey: answer.session_key, unionid: answer.unionid || null }
    },
    async phoneNumber(code) {
      for (let attempt = 0; ; attempt++) {
        const answer = await call<WechatAnswer & { phone_info?: { purePhoneNumber?: string; countryCode?: string } }>(
          '/wxa/business/getuserphonenumber',
          { query: { access_token: await accessToken(attempt > 0) }, body: { code } },
        )
        if (answer.errcode && TOKEN_INVALID.has(answer.errcode) && attempt === 0) continue
        if (answer.errcode || !answer.phone_info?.purePhoneNumber) throw mappedError(answer.errcode ?? -1, answer.errmsg ?? 'no phone_info')
        return answer.phone_info.purePhoneNumber
      }
    },
  }
}
