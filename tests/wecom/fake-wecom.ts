import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A stand-in for qyapi.weixin.qq.com on 127.0.0.1: it records every request and answers like the
 * platform, error codes included (42001 for an expired token, 41051 for a welcome code used twice,
 * 95001 over five kf replies, 95018 once a person has the kf session…). Tests point
 * WECOM_API_BASE at it. media/upload takes a multipart form like WeCom's (the file in the field
 * `media`) and answers a media_id; the request's body is recorded as `{ field, filename,
 * contentType, size, head }` (head: the file's first bytes, hex) and the ids issued in `uploads`.
 */

export interface RecordedRequest {
  method: string
  path: string
  query: Record<string, string>
  body: any
  at: number
}

export interface KfMessage {
  msgid: string
  open_kfid?: string
  external_userid?: string
  send_time: number
  origin: number
  msgtype: string
  text?: { content: string }
  event?: Record<string, unknown>
  servicer_userid?: string
}

type Answer = Record<string, unknown>
type Override = (request: RecordedRequest) => Answer | undefined

export const FAKE_CORP_ID = 'wwfakecorp0001'
export const FAKE_SECRET = 'fake-app-secret'

export interface FakeWecom {
  url: string
  requests: RecordedRequest[]
  calls(path: string): RecordedRequest[]
  /** Tokens it has issued; `expireTokens()` makes every issued one answer 42001. */
  tokensIssued(): number
  expireTokens(): void
  /** Answers the next `times` calls to `path` with this errcode instead. */
  failNext(path: string, errcode: number, times?: number, errmsg?: string): void
  /** Replaces the answer for a path while the function returns something. */
  override(path: string, answer: Override): void
  /** 微信客服: queue a message or event for sync_msg (pageSize limits each page, to see has_more). */
  kf: {
    push(message: Omit<KfMessage, 'msgid' | 'send_time'> & { msgid?: string; send_time?: number }): KfMessage
    pageSize: number
    sessionState(externalId: string): number
  }
  /** 客户联系 mass tasks: what get_groupmsg_send_result answers per task. */
  massResults: Map<string, Array<{ external_userid: string; status: number; send_time?: number }>>
  /** Welcome codes that have expired (41050). */
  expiredCodes: Set<string>
  contactNames: Map<string, string>
  /** unionids that externalcontact/get and kf/customer/batchget answer (once the corp bound its WeChat developer account). */
  unionIds: Map<string, string>
  /** media/upload: what was uploaded, by the media_id it got. */
  uploads: Map<string, { type: string; filename: string; contentType: string; size: number }>
  close(): Promise<void>
}

/** The first file part of a multipart/form-data body. */
function parseMultipart(raw: Buffer, contentType: string) {
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2]
  if (!boundary) return null
  const text = raw.toString('latin1') // byte for byte, so offsets match the buffer
  const start = text.indexOf(`--${boundary}`)
  const headersEnd = text.indexOf('\r\n\r\n', start)
  const end = text.indexOf(`\r\n--${boundary}`, headersEnd)
  if (start < 0 || headersEnd < 0 || end < 0) return null
  const headers = text.slice(start, headersEnd)
  const file = raw.subarray(headersEnd + 4, end)
  return {
    field: /name="([^"]*)"/.exec(headers)?.[1] ?? '',
    filename: /filename="([^"]*)"/.exec(headers)?.[1] ?? '',
    contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? '',
    size: file.length,
    head: file.subarray(0, 4).toString('hex'),
  }
}

export async function startFakeWecom(): Promise<FakeWecom> {
  const requests: RecordedRequest[] = []
  const validTokens = new Set<string>()
  let tokenCount = 0
  const failures = new Map<string, Array<{ errcode: number; errmsg: string }>>()
  const overrides = new Map<string, Override>()
  const kfMessages: KfMessage[] = []
  const kfStates = new Map<string, number>()
  const kfSentSinceCustomer = new Map<string, number>()
  const usedCodes = new Set<string>()
  const massResults = new Map<string, Array<{ external_userid: string; status: number; send_time?: number }>>()
  const expiredCodes = new Set<string>()
  const contactNames = new Map<string, string>()
  const unionIds = new Map<string, string>()
  const unionOf = (id: string) => (unionIds.has(id) ? { unionid: unionIds.get(id) } : {})
  const uploads = new Map<string, { type: string; filename: string; contentType: string; size: number }>()
  let seq = 0
  let kfPageSize = 1000

  function answerFor(request: RecordedRequest): Answer {
    const { path, query, body } = request
    if (path === '/cgi-bin/gettoken') {
      if (query.corpid !== FAKE_CORP_ID) return { errcode: 40013, errmsg: 'invalid corpid' }
      if (query.corpsecret !== FAKE_SECRET) return { errcode: 40001, errmsg: 'invalid credential' }
      const token = `tok-${++tokenCount}-${'x'.repeat(200)}` // long, like WeCom's (store up to 512 bytes)
      validTokens.add(token)
      return { errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 }
    }
    if (!query.access_token) return { errcode: 41001, errmsg: 'access_token missing' }
    if (!validTokens.has(query.access_token)) return { errcode: 42001, errmsg: 'access_token expired' }
    const queued = failures.get(path)
    if (queued?.length) return { ...queued.shift()! }
    const custom = overrides.get(path)?.(request)
    if (custom) return custom

    switch (path) {
      case '/cgi-bin/externalcontact/send_welcome_msg': {
        const code = String(body?.welcome_code ?? '')
        if (expiredCodes.has(code)) return { errcode: 41050, errmsg: 'welcome code expired' }
        if (usedCodes.has(code)) return { errcode: 41051, errmsg: 'externaluser has started chatting' }
        usedCodes.add(code)
        return { errcode: 0, errmsg: 'ok' }
      }
      case '/cgi-bin/externalcontact/get':
        return { errcode: 0, errmsg: 'ok', external_contact: { external_userid: query.external_userid, name: contactNames.get(query.external_userid) ?? '微信用户', type: 1, ...unionOf(query.external_userid) } }
      case '/cgi-bin/externalcontact/add_contact_way':
        return { errcode: 0, errmsg: 'ok', config_id: `cfg-${++seq}`, qr_code: `https://wework.qpic.cn/wwpic/fake-${body?.state}-${seq}/0` }
      case '/cgi-bin/externalcontact/add_msg_template': {
        const msgid = `mass-${++seq}`
        massResults.set(msgid, (body?.external_userid ?? []).map((id: string) => ({ external_userid: id, status: 0 })))
        return { errcode: 0, errmsg: 'ok', fail_list: [], msgid }
      }
      case '/cgi-bin/externalcontact/get_groupmsg_send_result': {
        const list = massResults.get(String(body?.msgid)) ?? []
        return { errcode: 0, errmsg: 'ok', next_cursor: '', send_list: list.map((r) => ({ ...r, userid: body?.userid })) }
      }
      case '/cgi-bin/kf/sync_msg': {
        const start = Number(body?.cursor || 0)
        const page = kfMessages.slice(start, start + Math.min(Number(body?.limit ?? 1000), kfPageSize))
        const next = start + page.length
        return { errcode: 0, errmsg: 'ok', next_cursor: String(next), has_more: next < kfMessages.length ? 1 : 0, msg_list: page }
      }
      case '/cgi-bin/kf/send_msg': {
        const customer = String(body?.touser)
        const state = kfStates.get(customer) ?? 1
        if (state === 2 || state === 3) return { errcode: 95018, errmsg: 'invalid session state' }
        const sent = kfSentSinceCustomer.get(customer) ?? 0
        if (sent >= 5) return { errcode: 95001, errmsg: 'send msg count limit' }
        kfSentSinceCustomer.set(customer, sent + 1)
        return { errcode: 0, errmsg: 'ok', msgid: `kfout-${++seq}` }
      }
      case '/cgi-bin/kf/send_msg_on_event': {
        const code = String(body?.code ?? '')
        if (usedCodes.has(code)) return { errcode: 95004, errmsg: 'code used' }
        usedCodes.add(code)
        return { errcode: 0, errmsg: 'ok', msgid: `kfevent-${++seq}` }
      }
      case '/cgi-bin/kf/service_state/trans':
        kfStates.set(String(body?.external_userid), Number(body?.service_state))
        return { errcode: 0, errmsg: 'ok', msg_code: `msgcode-${++seq}` }
      case '/cgi-bin/media/upload': {
        // WeCom: type image takes JPG or PNG; the file must come in the form field `media`.
        if (!['image', 'voice', 'video', 'file'].includes(query.type)) return { errcode: 40004, errmsg: 'invalid media type' }
        if (!body || body.field !== 'media' || !body.size) return { errcode: 41006, errmsg: 'media data missing' }
        if (query.type === 'image' && !['89504e47', 'ffd8ffe0', 'ffd8ffe1', 'ffd8ffdb'].includes(body.head)) return { errcode: 40005, errmsg: 'invalid file type' }
        const mediaId = `media-${++seq}`
        uploads.set(mediaId, { type: query.type, filename: body.filename, contentType: body.contentType, size: body.size })
        return { errcode: 0, errmsg: 'ok', type: query.type, media_id: mediaId, created_at: String(Math.floor(Date.now() / 1000)) }
      }
      case '/cgi-bin/message/send':
        return { errcode: 0, errmsg: 'ok', invaliduser: '', msgid: `appmsg-${++seq}` }
      case '/cgi-bin/kf/customer/batchget':
        return { errcode: 0, errmsg: 'ok', customer_list: (body?.external_userid_list ?? []).map((id: string) => ({ external_userid: id, nickname: contactNames.get(id) ?? '微信客户', ...unionOf(id) })), invalid_external_userid: [] }
      default:
        return { errcode: 0, errmsg: 'ok' }
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const bytes = Buffer.concat(chunks)
    const raw = bytes.toString('utf8')
    let body: unknown = null
    const contentType = req.headers['content-type'] ?? ''
    if (contentType.startsWith('multipart/form-data')) body = parseMultipart(bytes, contentType)
    else {
      try {
        body = raw ? JSON.parse(raw) : null
      } catch {
        body = raw
      }
    }
    const request: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), body, at: Date.now() }
    requests.push(request)
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify(answerFor(request)))
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      res.statusCode = 500
      res.end(String(err))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    calls: (path) => requests.filter((r) => r.path === path),
    tokensIssued: () => tokenCount,
    expireTokens: () => validTokens.clear(),
    failNext(path, errcode, times = 1, errmsg = 'simulated') {
      const list = failures.get(path) ?? []
      for (let i = 0; i < times; i++) list.push({ errcode, errmsg })
      failures.set(path, list)
    },
    override: (path, answer) => overrides.set(path, answer),
    kf: {
      push(message) {
        const full: KfMessage = { msgid: message.msgid ?? `kfmsg-${++seq}`, send_time: message.send_time ?? Math.floor(Date.now() / 1000), ...message } as KfMessage
        kfMessages.push(full)
        if (full.origin === 3 && full.external_userid) {
          kfSentSinceCustomer.set(full.external_userid, 0)
          // A customer writing to an ended session opens a new one.
          if (kfStates.get(full.external_userid) === 4) kfStates.set(full.external_userid, 0)
        }
        return full
      },
      get pageSize() {
        return kfPageSize
      },
      set pageSize(size: number) {
        kfPageSize = size
      },
      sessionState: (externalId) => kfStates.get(externalId) ?? 0,
    },
    massResults,
    expiredCodes,
    contactNames,
    unionIds,
    uploads,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
