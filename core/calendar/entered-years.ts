/**
 * Official holiday calendars that admins entered from the State Council's notice (国务院办公厅关于
 * <year>年部分节假日安排的通知), for years chinese-days does not know yet. Pure and in memory: the
 * server installs what the database holds (core/calendar/service.ts), the console installs what
 * GET /api/calendar/years answers, and working-days.ts / care-dates.ts read it before the library.
 */
import { addDays, parseDay, type Day } from './days.ts'

/** A holiday of the notice: "春节：2月6日至13日放假调休" → { name: '春节', from: '2027-02-06', to: '2027-02-13' }. */
export interface HolidayRange {
  name: string
  from: Day
  to: Day
}

/** An adjusted working day (调休上班), usually a Saturday or Sunday, and the holiday it belongs to. */
export interface AdjustedWorkday {
  day: Day
  name: string
}

export interface YearSchedule {
  holidays: HolidayRange[]
  workdays: AdjustedWorkday[]
}

export interface EnteredYear extends YearSchedule {
  year: number
  version: number
}

interface IndexedYear extends EnteredYear {
  holidayNames: Map<Day, string>
  workdayNames: Map<Day, string>
}

const entered = new Map<number, IndexedYear>()
const listeners = new Set<() => void>()

/** Every day of a range, `from` and `to` included. */
export function daysOfRange(range: Pick<HolidayRange, 'from' | 'to'>): Day[] {
  parseDay(range.from)
  parseDay(range.to)
  const days: Day[] = []
  for (let day = range.from; day <= range.to && days.length < 366; day = addDays(day, 1)) days.push(day)
  return days
}

function indexed(year: EnteredYear): IndexedYear {
  const holidayNames = new Map<Day, string>()
  for (const range of year.holidays) for (const day of daysOfRange(range)) holidayNames.set(day, range.name)
  const workdayNames = new Map(year.workdays.map((w) => [w.day, w.name]))
  return { ...year, holidayNames, workdayNames }
}

/** Replaces the entered years (the database is the truth; a year absent here is no longer entered). */
export function installEnteredYears(years: readonly EnteredYear[]): void {
  entered.clear()
  for (const year of years) entered.set(year.year, indexed(year))
  for (const listener of listeners) listener()
}

/** Called after every install, so calendars derived from the entered years drop their caches. */
export function onEnteredYearsChange(listener: () => void): void {
  listeners.add(listener)
}

export function enteredYear(year: number): EnteredYear | undefined {
  return entered.get(year)
}

export function enteredYearsList(): EnteredYear[] {
  return [...entered.values()].sort((a, b) => a.year - b.year).map(({ year, version, holidays, workdays }) => ({ year, version, holidays, workdays }))
}

/**
 * What an entered notice says about a day: a holiday, an adjusted workday, or nothing. A notice may
 * also name days of the previous year's last week (元旦 2019 began on Sunday 30 December 2018).
 */
export function enteredEntry(day: Day): { kind: 'holiday' | 'workday'; name: string } | undefined {
  const { year } = parseDay(day)
  for (const notice of [entered.get(year), entered.get(year + 1)]) {
    const workday = notice?.workdayNames.get(day)
    if (workday !== undefined) return { kind: 'workday', name: workday }
    const holiday = notice?.holidayNames.get(day)
    if (holiday !== undefined) return { kind: 'holiday', name: holiday }
  }
  return undefined
}
