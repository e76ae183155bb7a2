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
  SEND_RATE_PER_MINUTE: intIn(1, 6000, 20),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  JOBS_ENABLED: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).default('true')),
})

export type RawConfig = z.infer<typeof configSchema>

export interface Config extends Omit<RawConfig, 'BOT_PUPPET' | 'QUIET_HOURS' | 'JOBS_ENABLED'> {
  BOT_PUPPET: 'mock' | 'wechat4u' | 'service'
  QUIET_HOURS: { from: string; to: string } | null
  JOBS_ENABLED: boolean
  dataDir: string
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
  const [from, to] = raw.QUIET_HOURS ? raw.QUIET_HOURS.split('-') : []
  return {
    ...raw,
    BOT_PUPPET: puppet,
    QUIET_HOURS: from && to ? { from, to } : null,
    JOBS_ENABLED: raw.JOBS_ENABLED === 'true',
    dataDir: resolve(raw.DATA_DIR),
  }
}
