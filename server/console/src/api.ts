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

/** Chinese wording for the API's error codes; unknown codes fall back to the status, then to the API's text. */
const MESSAGES: Record<string, string> = {
  unauthorized: '请先登录。',
  forbidden: '您的角色无权进行此操作。',
  approval_by_self: '不能审批自己创建或安排的群发，请另一位市场或管理员同事审批。',
  too_many_requests: '操作过于频繁，请稍后再试。',
  malformed_json: '请求格式有误。',
  not_found: '找不到请求的内容。',
  username_taken: '该用户名已被使用。',
  unknown_clinic: '机构代码不存在。',
  clinic_not_found: '机构代码不存在。',
  staff_not_found: '找不到该员工。',
  not_an_agent: '该员工不处理会话，不能转接。',
  conversation_not_found: '找不到该会话。',
  conversation_taken: '其他客服已接入该会话。',
  not_your_conversation: '该会话不在您手中，请先接入。',
  member_not_found: '找不到该会员。',
  customer_not_found: '找不到该模拟顾客。',
  empty_message: '消息不能为空。',
  coupon_not_found: '未找到该券码，请核对后重试。',
  coupon_already_redeemed: '该券已核销，不能重复使用。',
  coupon_expired: '该券已过期，不能核销。',
  coupon_void: '该券已作废，不能核销。',
  order_below_threshold: '订单金额未达到使用门槛。',
  phone_taken: '该手机号已属于其他会员。',
  invalid_phone: '手机号格式有误（11 位，以 1 开头）。',
  invalid_birthday: '生日格式有误（YYYY-MM-DD，且须早于今天）。',
  invalid_name: '姓名须为 1–40 个字符。',
  insufficient_points: '积分不足。',
  unknown_job: '没有这个定时任务。',
  job_running: '该任务正在运行（本实例或其他实例），请稍后再试。',
  concurrent_update: '数据刚被他人修改，请刷新后重试。',
  broadcast_not_found: '找不到该群发。',
  broadcast_not_draft: '该群发已安排过，不能重复安排。',
  broadcast_not_awaiting_approval: '该群发已不在待审批状态（可能已被其他同事审批或取消）。',
  broadcast_not_pausable: '只有已安排或发送中的群发可以暂停。',
  broadcast_not_paused: '该群发没有暂停，无需恢复。',
  broadcast_finished: '该群发已结束（已完成或已取消）。',
  care_programme_not_found: '没有这个关怀计划。',
  unknown_text_slot: '该关怀计划没有这段文案。',
  unknown_placeholder: '文案中有不支持的变量，请只使用下方列出的变量。',
  library_too_small: '周五问候库至少需要两条不同的问候语。',
  care_task_not_found: '找不到该关怀任务。',
  care_task_done: '该任务已由同事完成。',
  calendar_day_outside_year: '有日期不在该年内（元旦可含上一年 12 月 25–31 日），请核对。',
  calendar_day_holiday_and_workday: '同一天不能既放假又上班，请核对。',
  calendar_range_reversed: '放假的结束日期早于开始日期，请核对。',
  calendar_holidays_overlap: '两个节日包含了同一天，请核对。',
  calendar_version_changed: '该年的节假日安排刚被其他管理员保存，请重新加载后再核对保存。',
}

const BY_STATUS: Record<number, string> = {
  400: '填写的内容有误',
  401: '请先登录。',
  403: '您的角色无权进行此操作。',
  404: '找不到请求的内容。',
  409: '操作冲突，请刷新后重试。',
  410: '内容已失效。',
  422: '不符合业务规则。',
  429: '操作过于频繁，请稍后再试。',
}

export function friendlyMessage(status: number, code: string, apiMessage: string): string {
  if (code === 'validation_failed') return `填写的内容有误：${apiMessage}`
  return MESSAGES[code] ?? (status >= 500 ? `服务器出错了，请稍后再试（${apiMessage}）` : `${BY_STATUS[status] ?? '请求失败'}（${apiMessage}）`)
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
