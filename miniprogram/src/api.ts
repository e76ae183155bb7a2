import { API_BASE } from './config'
import { errorMessage } from './error-messages'

const TOKEN_KEY = 'caredesk.mp.token'

export class ApiError extends Error {
  constructor(readonly code: string, readonly status: number, readonly text: string) {
    super(text)
  }
}

type Method = 'GET' | 'POST'
interface Reply { status: number; data: any }

function send(method: Method, path: string, body: unknown, token: string | null, contentType = 'application/json'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    wx.request({
      url: `${API_BASE}${path}`,
      method,
      data: body as WechatMiniprogram.IAnyObject,
      header: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      success: (res) => resolve({ status: res.statusCode, data: res.data }),
      fail: () => reject(new ApiError('network_error', 0, errorMessage('network_error'))),
    })
  })
}

function failure(reply: Reply): ApiError {
  const code: string = reply.data?.error?.code ?? `http_${reply.status}`
  return new ApiError(code, reply.status, errorMessage(code, reply.status))
}

function wechatCode(): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.login({
      success: (res) => resolve(res.code),
      fail: () => reject(new ApiError('wechat_login_failed', 0, errorMessage('wechat_login_failed'))),
    })
  })
}

/** wx.login → POST /api/mp/login; the token is kept in storage for the next launch. */
export async function login(): Promise<string> {
  const reply = await send('POST', '/api/mp/login', { code: await wechatCode() }, null)
  if (reply.status !== 200) throw failure(reply)
  wx.setStorageSync(TOKEN_KEY, reply.data.token)
  return reply.data.token
}

/** Calls the mini program API as the member; an expired token means one fresh login and one retry. */
export async function api<T = any>(method: Method, path: string, body?: unknown, contentType?: string): Promise<T> {
  const stored: string = wx.getStorageSync(TOKEN_KEY)
  let reply = await send(method, path, body, stored || (await login()), contentType)
  if (reply.status === 401 && reply.data?.error?.code === 'unauthorized') reply = await send(method, path, body, await login(), contentType)
  if (reply.status >= 400) throw failure(reply)
  return reply.data as T
}

export const errorText = (err: unknown) => (err instanceof ApiError ? err.text : errorMessage(''))
export const errorCode = (err: unknown) => (err instanceof ApiError ? err.code : '')

/** The page-state fields for a failed load. */
export const failedState = (err: unknown) => ({ status: 'error', errorText: errorText(err), errorCode: errorCode(err) })
