import cron from 'node-cron'
import { z } from 'zod'
import { ConfigError } from '../../platform/config.ts'

/**
 * The surveys' own settings. They are read from the environment (and .env, which main.ts loads
 * before the scheduler is built) rather than platform/config.ts, which other areas own; a bad
 * value stops the start with a message naming the setting, like every other setting.
 */
const cronExpression = (fallback: string) =>
  z.preprocess((v) => (v === '' ? undefined : v), z.string().default(fallback).refine((v) => cron.validate(v), 'is not a cron expression'))

const surveySettingsSchema = z.object({
  /** Daily invitations: mornings, clear of QUIET_HOURS (a run inside them is deferred anyway). */
  SURVEY_INVITE_CRON: cronExpression('0 10 * * *'),
  /** 周报: Friday afternoon. */
  SURVEY_REPORT_CRON: cronExpression('0 17 * * 5'),
  /** A member surveyed (for another visit) within this many days is not surveyed again. */
  SURVEY_RECENT_DAYS: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).max(365).default(7)),
})

export interface SurveySettings {
  inviteCron: string
  reportCron: string
  recentDays: number
}

export function surveySettings(env: NodeJS.ProcessEnv = process.env): SurveySettings {
  const parsed = surveySettingsSchema.safeParse(env)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const setting = String(issue.path[0])
    throw new ConfigError(setting, `is invalid (${JSON.stringify(env[setting] ?? '')}): ${issue.message}`)
  }
  return { inviteCron: parsed.data.SURVEY_INVITE_CRON, reportCron: parsed.data.SURVEY_REPORT_CRON, recentDays: parsed.data.SURVEY_RECENT_DAYS }
}

/** A survey is a message nobody asked for: none inside QUIET_HOURS (e.g. 21:00-08:30, across midnight). */
export function inQuietHours(window: { from: string; to: string } | null, now: Date): boolean {
  if (!window) return false
  const hm = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now)
  return window.from <= window.to ? hm >= window.from && hm < window.to : hm >= window.from || hm < window.to
}

/** How long an invitation stays open for answers. */
export const ANSWER_WINDOW_MS = 48 * 3600_000
