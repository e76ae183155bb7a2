/**
 * Calendar-day arithmetic for the business time zone (Asia/Shanghai).
 *
 * A "day" is a string 'YYYY-MM-DD' naming a calendar day in China. Day arithmetic is done on
 * UTC-based Date values, so it never depends on the process time zone. Instants are turned
 * into days with `businessDay` (Intl, Asia/Shanghai) and days back into instants with a fixed
 * +08:00 offset: mainland China has had no daylight saving time since 1991.
 */
import { businessDay } from '../../platform/clock.ts'

/** A calendar day in the business time zone, 'YYYY-MM-DD'. */
export type Day = string

/** China Standard Time is UTC+08:00 all year round. */
export const CHINA_UTC_OFFSET_MS = 8 * 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

export interface DayParts {
  year: number
  /** 1–12 */
  month: number
  /** 1–31 */
  date: number
}

/** Splits 'YYYY-MM-DD' into numbers; throws a RangeError for anything that is not a real calendar day. */
export function parseDay(day: string): DayParts {
  const match = typeof day === 'string' ? DAY_PATTERN.exec(day) : null
  if (match) {
    const year = Number(match[1])
    const month = Number(match[2])
    const date = Number(match[3])
    const probe = new Date(Date.UTC(year, month - 1, date))
    if (year >= 1000 && probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === date) {
      return { year, month, date }
    }
  }
  throw new RangeError(`Not a calendar day in the form YYYY-MM-DD: ${JSON.stringify(day)}`)
}

export function formatDay(year: number, month: number, date: number): Day {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`
}

function dayFromUtc(d: Date): Day {
  return formatDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())
}

/** The day `n` calendar days after (or before, if negative) `day`. */
export function addDays(day: Day, n: number): Day {
  const { year, month, date } = parseDay(day)
  return dayFromUtc(new Date(Date.UTC(year, month - 1, date + n)))
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: Day): number {
  const { year, month, date } = parseDay(day)
  return new Date(Date.UTC(year, month - 1, date)).getUTCDay()
}

export function isWeekend(day: Day): boolean {
  const w = weekday(day)
  return w === 0 || w === 6
}

/** Number of calendar days from `a` to `b` (positive when b is later). */
export function daysBetween(a: Day, b: Day): number {
  const pa = parseDay(a)
  const pb = parseDay(b)
  return Math.round((Date.UTC(pb.year, pb.month - 1, pb.date) - Date.UTC(pa.year, pa.month - 1, pa.date)) / DAY_MS)
}

/** The instant 00:00:00.000 Asia/Shanghai on `day`. */
export function startOfBusinessDay(day: Day): Date {
  const { year, month, date } = parseDay(day)
  return new Date(Date.UTC(year, month - 1, date) - CHINA_UTC_OFFSET_MS)
}

/** The instant 23:59:59.999 Asia/Shanghai on `day`. */
export function endOfBusinessDay(day: Day): Date {
  const { year, month, date } = parseDay(day)
  return new Date(Date.UTC(year, month - 1, date, 23, 59, 59, 999) - CHINA_UTC_OFFSET_MS)
}

/** The day (Asia/Shanghai) an instant falls on; rejects invalid Dates. */
export function dayOf(at: Date): Day {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    throw new RangeError(`Not a valid instant: ${String(at)}`)
  }
  return businessDay(at)
}
