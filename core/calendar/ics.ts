/**
 * Reads a holiday calendar file (.ics, RFC 5545) into one year's schedule: each VEVENT is a
 * holiday, or an adjusted workday when its SUMMARY says 班 (上班, 补班, 调休上班). All-day events
 * end the day before DTEND (DTEND is exclusive). Feeds usually cover many years, so only the days
 * of `year` (and the previous year's last week, which a 元旦 notice may name) are kept.
 */
import { addDays, formatDay, type Day } from './days.ts'
import { daysOfRange, type AdjustedWorkday, type HolidayRange, type YearSchedule } from './entered-years.ts'

export interface ParsedIcs extends YearSchedule {
  /** events outside the year, left out */
  skipped: number
  problems: Array<{ event: number; message: string }>
}

/** Unfolds continuation lines (a line starting with a space or tab continues the one before). */
function unfold(text: string): string[] {
  return text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/)
}

function icsDay(value: string): Day | null {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(value.trim())
  return m ? formatDay(Number(m[1]), Number(m[2]), Number(m[3])) : null
}

const unescape = (value: string) => value.replace(/\\n/gi, ' ').replace(/\\([,;\\])/g, '$1').trim()

/** "春节 假期 第1天/共8天", "春节（休）" → "春节"; "春节 补班" → "春节". */
function holidayName(summary: string): string {
  return (
    summary
      .replace(/[（(][^）)]*[）)]/g, ' ')
      .replace(/第\s*\d+\s*天\s*\/?\s*(共\s*\d+\s*天)?|共\s*\d+\s*天/g, ' ')
      .replace(/调休上班|补班|上班|放假|假期|休息|调休|[班休]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim() || '节假日'
  )
}

export function parseIcs(year: number, text: string): ParsedIcs {
  const result: ParsedIcs = { holidays: [], workdays: [], skipped: 0, problems: [] }
  const firstDay = formatDay(year - 1, 12, 25)
  const lastDay = formatDay(year, 12, 31)
  let event: Record<string, string> | null = null
  let count = 0
  for (const line of unfold(text)) {
    if (/^BEGIN:VEVENT/i.test(line)) {
      event = {}
      count++
      continue
    }
    if (/^END:VEVENT/i.test(line) && event) {
      const start = icsDay(event.DTSTART ?? '')
      const endExclusive = event.DTEND ? icsDay(event.DTEND) : null
      const summary = unescape(event.SUMMARY ?? '')
      event = null
      if (!start) {
        result.problems.push({ event: count, message: '缺少开始日期（DTSTART）' })
        continue
      }
      const end = endExclusive && endExclusive > start ? addDays(endExclusive, -1) : start
      const days = daysOfRange({ from: start, to: end }).filter((d) => d >= firstDay && d <= lastDay)
      if (!days.length) {
        result.skipped++
        continue
      }
      const name = holidayName(summary)
      if (/班/.test(summary)) result.workdays.push(...days.map((day): AdjustedWorkday => ({ day, name })))
      else result.holidays.push({ name, from: days[0], to: days[days.length - 1] } satisfies HolidayRange)
      continue
    }
    if (!event) continue
    const m = /^([A-Z-]+)(?:;[^:]*)?:(.*)$/i.exec(line)
    if (m) event[m[1].toUpperCase()] = m[2]
  }
  result.holidays = mergeAdjacent(result.holidays)
  return result
}

/** Feeds that list one event per day become one range per holiday. */
function mergeAdjacent(ranges: HolidayRange[]): HolidayRange[] {
  const sorted = [...ranges].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))
  const merged: HolidayRange[] = []
  for (const range of sorted) {
    const last = merged[merged.length - 1]
    if (last && last.name === range.name && addDays(last.to, 1) >= range.from) {
      if (range.to > last.to) last.to = range.to
    } else merged.push({ ...range })
  }
  return merged
}
