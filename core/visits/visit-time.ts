import { CALENDAR_YEARS } from '../calendar/schemas.ts'
import { isCalendarDay } from '../members/days.ts'

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/

/**
 * The instant of a visit: ISO 8601 with an offset, or a local time / date without one (as HIS
 * exports write them), read in Asia/Shanghai (UTC+8 all year). Null when it is not a real time,
 * or falls outside the years the calendars know.
 */
export function parseVisitTime(value: string): Date | null {
  const match = PATTERN.exec(value.trim().replace(/\//g, '-'))
  if (!match) return null
  const [, y, m, d, hh = '00', mm = '00', ss = '00', fraction = '', offset] = match
  if (!isCalendarDay(`${y}-${m}-${d}`) || Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return null
  if (Number(y) < CALENDAR_YEARS.from || Number(y) > CALENDAR_YEARS.to) return null
  if (offset && match[4] === undefined) return null
  const zone = !offset ? '+08:00' : offset === 'Z' ? 'Z' : `${offset.slice(0, 3)}:${offset.slice(-2)}`
  const at = new Date(`${y}-${m}-${d}T${hh}:${mm}:${ss}${fraction}${zone}`)
  return Number.isNaN(at.getTime()) ? null : at
}
