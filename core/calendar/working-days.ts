/**
 * Working days (工作日) on mainland China's official calendar, adjusted workdays (调休上班) included,
 * reasoned about in Asia/Shanghai whatever the process time zone.
 *
 * A year's calendar comes, in order, from the notice an admin entered (entered-years.ts), from
 * chinese-days, or else it is *provisional*: weekends plus the statutory public holidays of the 2025 rules
 * (《全国年节及纪念日放假办法》 as amended in 2024), with no 调休 and no make-up days (补假), which
 * cannot be predicted. That errs towards more working days, i.e. earlier deadlines.
 *
 * Also provisional: 25–31 December of the last announced year, because the next year's notice
 * often moves days around 元旦 (e.g. 2018-12-29 worked, 2018-12-30/31 off, announced for 2019).
 */
import { addDays, dayOf, endOfBusinessDay, formatDay, isWeekend, parseDay, type Day } from './days.ts'
import { enteredEntry, enteredYear, onEnteredYearsChange } from './entered-years.ts'
import { officialEntriesOfYear, officialEntry, solarDayOfLunar, solarTermDay } from './library.ts'

export interface WorkingDayAnswer {
  working: boolean
  /** true when the answer does not come from an announced State Council calendar */
  provisional: boolean
}

export interface Deadline {
  dueAt: Date
  /** true when a day on the way was judged by the provisional calendar */
  provisional: boolean
}

/** The first year chinese-days has announced holidays for. */
const FIRST_OFFICIAL_YEAR = 2004
/** Late-December days from this date on may still be moved by the next year's 元旦 notice. */
const UNSETTLED_FROM_DECEMBER = 25

const libraryYears = new Map<number, boolean>()

/**
 * Whether chinese-days has the notice of `year`: its table must hold that year's 春节 and 国庆节,
 * which every notice since 2004 contains.
 */
function isLibraryYear(year: number): boolean {
  let known = libraryYears.get(year)
  if (known === undefined) {
    const entries = officialEntriesOfYear(year).filter((e) => e.kind === 'holiday')
    known = entries.some((e) => e.nameZh === '春节') && entries.some((e) => e.nameZh === '国庆节')
    libraryYears.set(year, known)
  }
  return known
}

/** Where a year's working days come from: an admin's entry of the notice, chinese-days, or the provisional rules. */
export type CalendarSource = 'entered' | 'library' | 'provisional'

export function calendarSourceOf(year: number): CalendarSource {
  if (!Number.isInteger(year)) return 'provisional'
  if (enteredYear(year)) return 'entered'
  return isLibraryYear(year) ? 'library' : 'provisional'
}

/** Whether the official calendar of `year` is known: entered by an admin or in chinese-days. */
export function isYearKnown(year: number): boolean {
  return calendarSourceOf(year) !== 'provisional'
}

let knownThrough: number | undefined
onEnteredYearsChange(() => {
  knownThrough = undefined
})

/** The last year whose official calendar is fully known (all years from 2004 up to it are). */
export function calendarKnownThrough(): number {
  if (knownThrough === undefined) {
    if (!isYearKnown(FIRST_OFFICIAL_YEAR)) throw new Error(`chinese-days has no holiday data for ${FIRST_OFFICIAL_YEAR}`)
    let year = FIRST_OFFICIAL_YEAR
    while (isYearKnown(year + 1)) year++
    knownThrough = year
  }
  return knownThrough
}

export interface StatutoryHoliday {
  day: Day
  /** Chinese name: 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节 */
  name: string
}

const statutoryCache = new Map<number, StatutoryHoliday[]>()

/**
 * The statutory public holidays of a year under the 2025 rules, without 调休 or 补假:
 * 元旦 Jan 1; 春节 除夕 to 正月初三 (4 days); 清明 on the Qingming solar term; 劳动节 May 1–2;
 * 端午 lunar 5/5; 中秋 lunar 8/15; 国庆 Oct 1–3. This is the provisional calendar's holiday list.
 */
export function statutoryHolidays(year: number): StatutoryHoliday[] {
  let list = statutoryCache.get(year)
  if (list === undefined) {
    const springFestival = solarDayOfLunar(year, 1, 1)
    const on = (month: number, date: number) => formatDay(year, month, date)
    list = [
      { day: on(1, 1), name: '元旦' },
      // 除夕 is the last day of the 12th lunar month, whether it has 29 or 30 days: the day before 正月初一.
      ...[-1, 0, 1, 2].map((n) => ({ day: addDays(springFestival, n), name: '春节' })),
      { day: solarTermDay(year, 4, 'pure_brightness'), name: '清明节' },
      { day: on(5, 1), name: '劳动节' },
      { day: on(5, 2), name: '劳动节' },
      { day: solarDayOfLunar(year, 5, 5), name: '端午节' },
      { day: solarDayOfLunar(year, 8, 15), name: '中秋节' },
      { day: on(10, 1), name: '国庆节' },
      { day: on(10, 2), name: '国庆节' },
      { day: on(10, 3), name: '国庆节' },
    ].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))
    statutoryCache.set(year, list)
  }
  return list
}

/** Whether `day` ('YYYY-MM-DD', China) is a working day, and whether that answer is provisional. */
export function isWorkingDay(day: Day): WorkingDayAnswer {
  const { year, month, date } = parseDay(day)
  const source = calendarSourceOf(year)
  if (source !== 'provisional') {
    // An entered notice wins over the library's, also for the late-December days it may name.
    const entry = enteredEntry(day) ?? (source === 'library' ? officialEntry(day) : undefined)
    const working = entry ? entry.kind === 'workday' : !isWeekend(day)
    const unsettled = month === 12 && date >= UNSETTLED_FROM_DECEMBER && !isYearKnown(year + 1)
    return { working, provisional: unsettled }
  }
  const holiday = statutoryHolidays(year).some((h) => h.day === day)
  return { working: !holiday && !isWeekend(day), provisional: true }
}

function assertCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer, not ${n}`)
}

/** "Within n working days of `from`": due at the end (23:59:59.999 Asia/Shanghai) of the n-th working day after `from`'s day; the day of receipt never counts. */
export function addWorkingDays(from: Date, n: number): Deadline {
  assertCount(n, 'The number of working days')
  let day = dayOf(from)
  let provisional = false
  for (let counted = 0; counted < n; ) {
    day = addDays(day, 1)
    const answer = isWorkingDay(day)
    provisional ||= answer.provisional
    if (answer.working) counted++
  }
  return { dueAt: endOfBusinessDay(day), provisional }
}

/**
 * The deadline for "within n calendar days of `from`" (e.g. a complaint closed within 7 / 14 days
 * of acceptance): the end (23:59:59.999 Asia/Shanghai) of the n-th calendar day after `from`'s day.
 */
export function addCalendarDays(from: Date, n: number): Date {
  assertCount(n, 'The number of calendar days')
  return endOfBusinessDay(addDays(dayOf(from), n))
}

/** `h` hours after `from`, to the millisecond (for the 24 h / 48 h limits of the complaint flow). */
export function addHours(from: Date, h: number): Date {
  if (!Number.isFinite(h)) throw new RangeError(`The number of hours must be a finite number, not ${h}`)
  dayOf(from) // rejects invalid Dates
  return new Date(from.getTime() + h * 60 * 60 * 1000)
}
