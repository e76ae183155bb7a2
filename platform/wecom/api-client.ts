import { createHash } from 'node:crypto'
import type { Connection } from 'mongoose'
import { isDuplicateKeyError } from '../errors.ts'
import { withLease } from '../jobs/lease.ts'
import type { Logger } from '../log.ts'
import { SendError } from '../outbox/send-error.ts'
import { wecomTokenModel, type WecomTokenDoc } from './models.ts'

/**
 * The WeCom server API (qyapi.weixin.qq.com, or WECOM_API_BASE): one access token per app secret,
 * cached in the database every instance shares, refreshed by one caller at a time.
 */

/** A WeCom answer with errcode ≠ 0, or no answer at all (errcode -2: network, timeout, not JSON). */
export class WecomApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly api: string,
  ) {
    super(`WeCom ${api} answered ${errcode}: ${errmsg}`)
    this.name = 'WecomApiError'
  }
}

export const NETWORK_ERROR = -2

/** Codes that mean the token is bad: refresh at once and retry the call once. */
const TOKEN_INVALID = new Set([40014, 42001, 41001])
/** Frequency limits: a minute limit blocks 60 s (an hour limit would block 60 min; WeCom does not say which). */
const RATE_LIMITED = new Set([45009, 45033])

/** The errors an admin must fix in the WeCom admin console; each is logged with what to do. */
export const ADMIN_FIXES: Record<number, string> = {
  40001: 'the secret is wrong: copy WECOM_AGENT_SECRET again from 应用管理 → the self-built app → Secret',
  40013: 'the CorpID is wrong: copy WECOM_CORP_ID from 我的企业 → 企业信息 → 企业ID',
  48002: 'the app may not call this API: add the self-built app under 客户联系 → API → 可调用接口的应用 (and 微信客服 → API → 可调用接口的应用), and check its 可见范围 includes the staff member',
  60020: 'this server\'s IP is not trusted: add it under the self-built app → 企业可信IP (the IP is in errmsg)',
  41001: 'the access token is missing (a proxy in front of WeCom may strip the query string)',
}

const BUSY_RETRIES = 3
const TOKEN_EARLY_MS = 60_000
const MAX_TOKEN_BYTES = 512

export interface WecomApiClientOptions {
  db: Connection
  log: Logger
  corpId: string
  secret: string
  apiBase: string
  /** First back-off after WeCom answers -1 (busy); doubles on each retry. */
  busyBackoffMs?: number
  timeoutMs?: number
}

export interface WecomApiClient {
  readonly corpId: string
  get<T = WecomResponse>(path: string, query?: Record<string, string>): Promise<T>
  post<T = WecomResponse>(path: string, body: unknown): Promise<T>
  /** A multipart upload (media/upload): the file goes in the form field `media`. */
  upload<T = WecomResponse>(path: string, query: Record<string, string>, file: UploadFile): Promise<T>
  /** The current token (from memory, then the database, then gettoken). */
  accessToken(): Promise<string>
}

export interface UploadFile {
  bytes: Uint8Array
  filename: string
  contentType: string
}

export interface WecomResponse {
  errcode?: number
  errmsg?: string
  [key: string]: unknown
}

export function createWecomApiClient(options: WecomApiClientOptions): WecomApiClient {
  const { db, log, corpId, secret, apiBase } = options
  const busyBackoffMs = options.busyBackoffMs ?? 300
  const timeoutMs = options.timeoutMs ?? 10_000
  const Token = wecomTokenModel(db)
  // One row per secret; the secret itself never reaches the database.
  const tokenKey = `${corpId}:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`
  let cached: { token: string; expiresAt: number } | null = null
  let refreshing: Promise<string> | null = null
  let gettokenBlockedUntil = 0

  const fresh = (doc: { expiresAt: Date | number } | null): boolean => !!doc && new Date(doc.expiresAt).getTime() - Date.now() > TOKEN_EARLY_MS

  async function requestJson(method: 'GET' | 'POST', path: string, query: Record<string, string>, body?: unknown): Promise<WecomResponse> {
    const url = new URL(`${apiBase}${path}`)
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value)
    let response: Response
    try {
      // A form (an upload) sets its own multipart content type; anything else goes as JSON.
      const form = body instanceof FormData
      response = await fetch(url, {
        method,
        headers: body === undefined || form ? {} : { 'content-type': 'application/json; charset=utf-8' },
        body: body === undefined ? undefined : form ? body : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (err) {
      throw new WecomApiError(NETWORK_ERROR, err instanceof Error ? err.message : String(err), path)
    }
    const text = await response.text()
    try {
      return JSON.parse(text) as WecomResponse
    } catch {
      throw new WecomApiError(NETWORK_ERROR, `HTTP ${response.status}, not JSON: ${text.slice(0, 120)}`, path)
    }
  }

  function explain(err: WecomApiError): WecomApiError {
    const fix = ADMIN_FIXES[err.errcode]
    if (fix) log.error({ api: err.api, errcode: err.errcode, errmsg: err.errmsg }, `ALERT: WeCom refused the call — ${fix}`)
    return err
  }

  /** Asks WeCom for a new token; a failing gettoken is not retried for a while (runaway gettoken errors block a corp for an hour). */
  async function fetchToken(): Promise<{ token: string; expiresAt: Date }> {
    if (Date.now() < gettokenBlockedUntil) throw new WecomApiError(NETWORK_ERROR, 'gettoken failed moments ago; not asking again yet', '/cgi-bin/gettoken')
    const answer = await requestJson('GET', '/cgi-bin/gettoken', { corpid: corpId, corpsecret: secret }).catch((err) => {
      gettokenBlockedUntil = Date.now() + 5_000
      throw err
    })
    if (answer.errcode) {
      gettokenBlockedUntil = Date.now() + 30_000
      throw explain(new WecomApiError(answer.errcode, String(answer.errmsg ?? ''), '/cgi-bin/gettoken'))
    }
    const token = String(answer.access_token ?? '')
    if (!token || Buffer.byteLength(token) > MAX_TOKEN_BYTES) throw new WecomApiError(NETWORK_ERROR, `gettoken answered an unusable token (${Buffer.byteLength(token)} bytes)`, '/cgi-bin/gettoken')
    const expiresIn = Number(answer.expires_in) > 0 ? Number(answer.expires_in) : 7200
    return { token, expiresAt: new Date(Date.now() + expiresIn * 1000) }
  }

  /**
   * A token other than `stale`: one refresh at a time in this process (callers share it) and across
   * instances (a lease; whoever waits re-reads the row the holder wrote).
   */
  function refresh(stale: string | null): Promise<string> {
    refreshing ??= (async () => {
      const deadline = Date.now() + 20_000
      for (;;) {
        const outcome = await withLease({ db, log }, `wecom-token:${tokenKey}`, 30_000, async () => {
          const stored = await Token.findById(tokenKey).lean<WecomTokenDoc>()
          if (stored && stored.token !== stale && fresh(stored)) return stored // another instance refreshed it meanwhile
          const next = await fetchToken()
          await Token.updateOne({ _id: tokenKey }, { $set: { ...next, fetchedAt: new Date() } }, { upsert: true }).catch((err) => {
            if (!isDuplicateKeyError(err)) throw err
          })
          log.info({ corpId, expiresAt: next.expiresAt }, 'WeCom access token refreshed')
          return next
        })
        if (outcome.acquired) {
          cached = { token: outcome.value.token, expiresAt: new Date(outcome.value.expiresAt).getTime() }
          return outcome.value.token
        }
        await new Promise((r) => setTimeout(r, 100))
        const stored = await Token.findById(tokenKey).lean<WecomTokenDoc>()
        if (stored && stored.token !== stale && fresh(stored)) {
          cached = { token: stored.token, expiresAt: stored.expiresAt.getTime() }
          return stored.token
        }
        if (Date.now() > deadline) throw new WecomApiError(NETWORK_ERROR, 'timed out waiting for another instance to refresh the access token', '/cgi-bin/gettoken')
      }
    })().finally(() => {
      refreshing = null
    })
    return refreshing
  }

  async function accessToken(): Promise<string> {
    if (cached && fresh({ expiresAt: cached.expiresAt })) return cached.token
    const stored = await Token.findById(tokenKey).lean<WecomTokenDoc>()
    if (stored && fresh(stored)) {
      cached = { token: stored.token, expiresAt: stored.expiresAt.getTime() }
      return stored.token
    }
    return refresh(stored?.token ?? null)
  }

  async function call<T>(method: 'GET' | 'POST', path: string, query: Record<string, string>, body?: unknown): Promise<T> {
    let token = await accessToken()
    let refreshed = false
    for (let busy = 0; ; ) {
      const answer = await requestJson(method, path, { ...query, access_token: token }, body)
      const errcode = answer.errcode ?? 0
      if (errcode === 0) return answer as T
      if (TOKEN_INVALID.has(errcode) && !refreshed) {
        refreshed = true
        if (cached?.token === token) cached = null
        token = await refresh(token)
        continue
      }
      if (errcode === -1 && busy < BUSY_RETRIES) {
        await new Promise((r) => setTimeout(r, busyBackoffMs * 2 ** busy))
        busy++
        continue
      }
      throw explain(new WecomApiError(errcode, String(answer.errmsg ?? ''), path))
    }
  }

  return {
    corpId,
    get: (path, query = {}) => call('GET', path, query),
    post: (path, body) => call('POST', path, {}, body),
    upload(path, query, file) {
      // A FormData is sent afresh on each try (a token refresh or a busy retry sends it again).
      const form = new FormData()
      form.append('media', new Blob([file.bytes], { type: file.contentType }), file.filename)
      return call('POST', path, query, form)
    },
    accessToken,
  }
}

/** Whether trying again later can help. */
export function isTransientWecomError(err: unknown): boolean {
  if (!(err instanceof WecomApiError)) return true // a bug or the database: not the customer's fault, try again
  return err.errcode === NETWORK_ERROR || err.errcode === -1 || RATE_LIMITED.has(err.errcode) || TOKEN_INVALID.has(err.errcode) || err.errcode in ADMIN_FIXES
}

/**
 * How a failed WeCom call reads to the outbox. Rate limits wait a minute; permission and IP
 * problems wait too (an admin can fix them within the outbox's retries); anything else WeCom
 * refuses is permanent unless `permanentReasons` names it more precisely.
 */
export function toSendError(err: unknown, permanentReasons: Record<number, string> = {}): SendError {
  if (!(err instanceof WecomApiError)) return new SendError('transient', 'unexpected', err instanceof Error ? err.message : String(err))
  if (permanentReasons[err.errcode]) return new SendError('permanent', permanentReasons[err.errcode], err.message)
  if (RATE_LIMITED.has(err.errcode)) return new SendError('transient', 'rate_limited', err.message, 60_000)
  if (err.errcode in ADMIN_FIXES) return new SendError('transient', 'wecom_not_permitted', err.message, 60_000)
  if (isTransientWecomError(err)) return new SendError('transient', err.errcode === NETWORK_ERROR ? 'network' : 'wecom_busy', err.message)
  return new SendError('permanent', `wecom_${err.errcode}`, err.message)
}
