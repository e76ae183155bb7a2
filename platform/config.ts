import { z } from 'zod'
import { resolve } from 'node:path'

/**
 * Every setting CareDesk reads at start (all listed, with comments, in .env.example).
 * A bad value fails the start with a message naming the setting.
 */
const clock = /^([01]\d|2[0-3]):[0-5]\d$/
const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v)
const optionalString = z.preprocess(emptyToUndefined, z.string().optional())
const intIn = (min: number, max: number, fallback: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).max(max).default(fallback))

const configSchema = z.object({
  PORT: intIn(0, 65535, 3000),
  HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  PUBLIC_URL: optionalString,
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('.data')),
  MONGODB_URI: optionalString,
  BOT_PUPPET: z.preprocess(emptyToUndefined, z.enum(['mock', 'wechat4u', 'service']).optional()),
  WECHATY_PUPPET_SERVICE_TOKEN: optionalString,
  WECHATY_PUPPET_SERVICE_ENDPOINT: optionalString,
  ADMIN_USERNAME: z.preprocess(emptyToUndefined, z.string().min(3).max(40).default('admin')),
  ADMIN_PASSWORD: z.preprocess(emptyToUndefined, z.string().min(8, 'must be at least 8 characters').optional()),
  AUTH_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
  TOKEN_TTL_HOURS: intIn(1, 24 * 30, 12),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: z.preprocess(emptyToUndefined, z.url().optional()),
  OPENAI_MODEL: z.preprocess(emptyToUndefined, z.string().default('gpt-4o-mini')),
  OPENAI_TIMEOUT_MS: intIn(100, 60_000, 4000),
  TZ: z.preprocess(emptyToUndefined, z.string().default('Asia/Shanghai')),
  QUIET_HOURS: z
    .string()
    .default('21:00-08:30')
    .refine((v) => v === '' || v.split('-').length === 2 && v.split('-').every((t) => clock.test(t)), 'must look like 21:00-08:30, or be empty'),
  SEND_RATE_PER_MINUTE: intIn(1, 6000, 30),
  SEND_BURST: intIn(1, 100, 5),
  /** Broadcasts to more members than this wait for a second marketing or admin account to approve them. */
  BROADCAST_APPROVAL_THRESHOLD: intIn(0, 100_000_000, 1000),
  STAFFED_HOURS: z
    .string()
    .default('08:30-20:00')
    .refine((v) => v === '' || (v.split('-').length === 2 && v.split('-').every((t) => clock.test(t))), 'must look like 08:30-20:00, or be empty'),
  BOT_CLINIC_CODE: z.preprocess(emptyToUndefined, z.string().optional()),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  JOBS_ENABLED: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).default('true')),
  BOT_ENABLED: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).default('true')),
  // WeCom (企业微信) 客户联系 and 微信客服: enabled only when their settings are present (see .env.example).
  WECOM_CORP_ID: optionalString,
  WECOM_AGENT_SECRET: optionalString,
  WECOM_AGENT_ID: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().optional()),
  WECOM_TOKEN: optionalString,
  WECOM_ENCODING_AES_KEY: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9+/]{43}$/, 'must be the 43-character EncodingAESKey from the WeCom admin console').optional()),
  WECOM_API_BASE: z.preprocess(emptyToUndefined, z.url().default('https://qyapi.weixin.qq.com')),
  WECOM_SENDER_USERID: optionalString,
  WECOM_KF_OPEN_KFID: optionalString,
  WECOM_KF_SERVICER_USERID: optionalString,
  WECOM_KF_WINDOW_HOURS: intIn(1, 24 * 30, 48),
  WECOM_KF_MAX_REPLIES: intIn(1, 100, 5),
  WECOM_WELCOME_CODE_SECONDS: intIn(1, 600, 20),
  WECOM_MASS_TASK_POLL_DAYS: intIn(1, 90, 7),
  WECOM_SEND_RATE_PER_MINUTE: intIn(1, 10_000, 600),
  // The member mini program: its AppID and AppSecret (mp.weixin.qq.com → 开发管理 → 开发设置); empty: /api/mp/login answers 503.
  WECHAT_MP_APPID: optionalString,
  WECHAT_MP_SECRET: optionalString,
  WECHAT_API_BASE: z.preprocess(emptyToUndefined, z.url().default('https://api.weixin.qq.com')),
  /** How long a mini program session (the member token) lasts. */
  MP_TOKEN_TTL_HOURS: intIn(1, 24 * 30, 24 * 7),
  /** Chats of each agent queued for review (质检) every week, besides those rated ≤ 2 or followed by a complaint. */
  QUALITY_REVIEW_SAMPLE_SIZE: intIn(0, 1000, 5),
})

export type RawConfig = z.infer<typeof configSchema>

export interface Config extends Omit<RawConfig, 'BOT_PUPPET' | 'QUIET_HOURS' | 'STAFFED_HOURS' | 'JOBS_ENABLED' | 'BOT_ENABLED'> {
  BOT_PUPPET: 'mock' | 'wechat4u' | 'service'
  QUIET_HOURS: { from: string; to: string } | null
  STAFFED_HOURS: { from: string; to: string } | null
  JOBS_ENABLED: boolean
  BOT_ENABLED: boolean
  dataDir: string
}

function timeWindow(value: string): { from: string; to: string } | null {
  const [from, to] = value ? value.split('-') : []
  return from && to ? { from, to } : null
}

export class ConfigError extends Error {
  constructor(readonly setting: string, problem: string) {
    super(`Setting ${setting} ${problem}`)
    this.name = 'ConfigError'
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const setting = String(issue.path[0] ?? 'unknown')
    throw new ConfigError(setting, `is invalid (${JSON.stringify(env[setting] ?? '')}): ${issue.message}`)
  }
  const raw = parsed.data
  // The sandbox is the default unless real WeChat credentials are configured.
  const puppet = raw.BOT_PUPPET ?? (raw.WECHATY_PUPPET_SERVICE_TOKEN ? 'service' : 'mock')
  if (puppet === 'service' && !raw.WECHATY_PUPPET_SERVICE_TOKEN) {
    throw new ConfigError('WECHATY_PUPPET_SERVICE_TOKEN', 'is required when BOT_PUPPET=service')
  }
  // WeCom needs all four app settings together; one missing is a typo, not "WeCom off".
  const wecomApp = ['WECOM_CORP_ID', 'WECOM_AGENT_SECRET', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY'] as const
  const wecomMissing = wecomApp.find((key) => !raw[key])
  if (wecomMissing && (wecomApp.some((key) => raw[key]) || raw.WECOM_SENDER_USERID || raw.WECOM_KF_OPEN_KFID)) {
    throw new ConfigError(wecomMissing, 'is required when any WECOM_ setting is set (WECOM_CORP_ID, WECOM_AGENT_SECRET, WECOM_TOKEN, WECOM_ENCODING_AES_KEY)')
  }
  if (Boolean(raw.WECHAT_MP_APPID) !== Boolean(raw.WECHAT_MP_SECRET)) {
    throw new ConfigError(raw.WECHAT_MP_APPID ? 'WECHAT_MP_SECRET' : 'WECHAT_MP_APPID', 'is required when the other of WECHAT_MP_APPID / WECHAT_MP_SECRET is set')
  }
  return {
    ...raw,
    BOT_PUPPET: puppet,
    QUIET_HOURS: timeWindow(raw.QUIET_HOURS),
    STAFFED_HOURS: timeWindow(raw.STAFFED_HOURS),
    JOBS_ENABLED: raw.JOBS_ENABLED === 'true',
    BOT_ENABLED: raw.BOT_ENABLED === 'true',
    dataDir: resolve(raw.DATA_DIR),
  }
}
