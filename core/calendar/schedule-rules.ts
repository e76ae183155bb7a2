/** What an entered year must satisfy before it is saved, and what is only worth a second look. Pure. */
import { formatDay, isWeekend, type Day } from './days.ts'
import { daysOfRange, type YearSchedule } from './entered-years.ts'

export interface ScheduleProblem {
  code: 'calendar_day_outside_year' | 'calendar_day_holiday_and_workday' | 'calendar_range_reversed' | 'calendar_holidays_overlap'
  message: string
  days: Day[]
}

export interface ScheduleWarning {
  code: 'calendar_workday_not_weekend' | 'calendar_missing_holiday'
  message: string
  days: Day[]
}

/**
 * The days a notice for `year` may name: the year itself, and the previous year's last week,
 * which a 元旦 holiday may begin in (元旦 2019: 30 December 2018 to 1 January 2019).
 */
export function noticeSpan(year: number): { from: Day; to: Day } {
  return { from: formatDay(year - 1, 12, 25), to: formatDay(year, 12, 31) }
}

/** The schedule sorted, with repeated workdays listed once. */
export function normaliseSchedule(schedule: YearSchedule): YearSchedule {
  const byDay = <T>(key: (t: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)
  const holidays = schedule.holidays.map((h) => ({ name: h.name.trim(), from: h.from, to: h.to })).sort(byDay((h) => h.from))
  const seen = new Set<Day>()
  const workdays = schedule.workdays
    .map((w) => ({ day: w.day, name: w.name.trim() }))
    .filter((w) => !seen.has(w.day) && seen.add(w.day))
    .sort(byDay((w) => w.day))
  return { holidays, workdays }
}

export function scheduleProblems(year: number, schedule: YearSchedule): ScheduleProblem[] {
  const problems: ScheduleProblem[] = []
  const span = noticeSpan(year)
  const reversed = schedule.holidays.filter((h) => h.to < h.from)
  if (reversed.length) {
    problems.push({ code: 'calendar_range_reversed', message: 'A holiday ends before it begins.', days: reversed.map((h) => h.from) })
  }
  const holidayDays = new Map<Day, number>()
  for (const h of schedule.holidays) if (h.to >= h.from) for (const day of daysOfRange(h)) holidayDays.set(day, (holidayDays.get(day) ?? 0) + 1)
  const named = [...holidayDays.keys(), ...schedule.workdays.map((w) => w.day)]
  const outside = [...new Set(named.filter((d) => d < span.from || d > span.to))].sort()
  if (outside.length) {
    problems.push({ code: 'calendar_day_outside_year', message: `Every day must lie in ${year} (or 25–31 December ${year - 1}, for 元旦).`, days: outside })
  }
  const both = schedule.workdays.map((w) => w.day).filter((d) => holidayDays.has(d))
  if (both.length) problems.push({ code: 'calendar_day_holiday_and_workday', message: 'A day cannot be both a holiday and an adjusted workday.', days: both })
  const twice = [...holidayDays].filter(([, n]) => n > 1).map(([d]) => d)
  if (twice.length) problems.push({ code: 'calendar_holidays_overlap', message: 'Two holidays name the same day.', days: twice.sort() })
  return problems
}

export function scheduleWarnings(year: number, schedule: YearSchedule): ScheduleWarning[] {
  const warnings: ScheduleWarning[] = []
  const weekdays = schedule.workdays.map((w) => w.day).filter((d) => !isWeekend(d))
  if (weekdays.length) warnings.push({ code: 'calendar_workday_not_weekend', message: 'An adjusted workday on a weekday changes nothing: it is a working day anyway.', days: weekdays })
  for (const word of ['春节', '国庆']) {
    if (!schedule.holidays.some((h) => h.name.includes(word))) {
      warnings.push({ code: 'calendar_missing_holiday', message: `Every notice since 2004 has ${word}; ${year} has none.`, days: [] })
    }
  }
  return warnings
}
