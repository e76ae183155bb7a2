import { ERROR_MESSAGES, STATUS_MESSAGES } from './error-messages.ts'
import { setSession, token } from './session.ts'

/** An API error with a message staff can read (Chinese), and the API's own code and text. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly apiMessage: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export function friendlyMessage(status: number, code: string, apiMessage: string): string {
  if (code === 'validation_failed') return `填写的内容有误：${apiMessage}`
  return ERROR_MESSAGES[code] ?? (status >= 500 ? `服务器出错了，请稍后再试（${apiMessage}）` : `${STATUS_MESSAGES[status] ?? '请求失败'}（${apiMessage}）`)
}

let onUnauthorized: () => void = () => {}
/** What to do when a logged-in call answers 401 (the token expired): the router sends staff to the login page. */
export function whenUnauthorized(handler: () => void) {
  onUnauthorized = handler
}

async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const bearer = token()
  let response: Response
  try {
    response = await fetch(path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络。', 'network error')
  }
  const text = await response.text()
  let data: unknown = null
  try {
    data = text ? JSON.parse(text) : null
  } catch {
    data = text
  }
  if (!response.ok) {
    const error = (data as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error
    const code = error?.code ?? `http_${response.status}`
    const apiMessage = error?.message ?? response.statusText
    if (response.status === 401 && bearer && !path.startsWith('/api/auth/login')) {
      setSession(null)
      onUnauthorized()
    }
    throw new ApiError(response.status, code, friendlyMessage(response.status, code, apiMessage), apiMessage, error?.details)
  }
  return data as T
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}, headers?: Record<string, string>) => request<T>('POST', path, body, headers),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
}

/** Builds a query string from the defined values. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value))
  const text = search.toString()
  return text ? `?${text}` : ''
}

export interface Page<T> {
  items: T[]
  total: number
}

export function errorText(err: unknown): string {
  return err instanceof ApiError ? err.message : err instanceof Error ? err.message : String(err)
}
