/**
 * Occasions for member-care greetings (会员维护): the traditional holidays on the lunar calendar,
 * Christmas, and the four season starts (季节转换: 立春, 立夏, 立秋, 立冬). Days are 'YYYY-MM-DD'
 * in China. Lunar and solar-term data come from chinese-days (years 1901–2099).
 */
import { addDays, formatDay, parseDay, type Day } from './days.ts'
import { enteredYear, onEnteredYearsChange } from './entered-years.ts'
import { solarDayOfLunar, solarTermDay } from './library.ts'

export type CareDateKey =
  | 'spring_festival'
  | 'dragon_boat'
  | 'mid_autumn'
  | 'double_ninth'
  | 'christmas'
  | 'lichun'
  | 'lixia'
  | 'liqiu'
  | 'lidong'

/** Chinese names, in the order occasions on the same day are listed. */
export const CARE_DATE_NAMES: Readonly<Record<CareDateKey, string>> = {
  spring_festival: '春节',
  dragon_boat: '端午节',
  mid_autumn: '中秋节',
  double_ninth: '重阳节',
  christmas: '圣诞节',
  lichun: '立春',
  lixia: '立夏',
  liqiu: '立秋',
  lidong: '立冬',
}

const KEY_ORDER = Object.keys(CARE_DATE_NAMES) as CareDateKey[]

export interface CareDate {
  key: CareDateKey
  name: string
}

export interface DatedCareDate extends CareDate {
  day: Day
}

export interface LunarHolidays {
  /** 春节, 正月初一 */
  springFestival: Day
  /** 端午, 五月初五 */
  dragonBoat: Day
  /** 中秋, 八月十五 */
  midAutumn: Day
  /** 重阳, 九月初九 */
  doubleNinth: Day
  /** 圣诞, 12-25 (not lunar, listed here with the other holidays) */
  christmas: Day
}

export interface SeasonStarts {
  /** 立春 */
  lichun: Day
  /** 立夏 */
  lixia: Day
  /** 立秋 */
  liqiu: Day
  /** 立冬 */
  lidong: Day
}

/**
 * The traditional holidays of a (Gregorian) year. Each falls inside the Gregorian year of the
 * same number (春节 between Jan 21 and Feb 20, 重阳 by mid-November), on the ordinary lunar
 * month, never a leap month.
 */
export function lunarHolidays(year: number): LunarHolidays {
  return {
    springFestival: solarDayOfLunar(year, 1, 1),
    dragonBoat: solarDayOfLunar(year, 5, 5),
    midAutumn: solarDayOfLunar(year, 8, 15),
    doubleNinth: solarDayOfLunar(year, 9, 9),
    christmas: formatDay(year, 12, 25),
  }
}

/** The days the four seasons start (立春, 立夏, 立秋, 立冬) in China. */
export function seasonStarts(year: number): SeasonStarts {
  return {
    lichun: solarTermDay(year, 2, 'the_beginning_of_spring'),
    lixia: solarTermDay(year, 5, 'the_beginning_of_summer'),
    liqiu: solarTermDay(year, 8, 'the_beginning_of_autumn'),
    lidong: solarTermDay(year, 11, 'the_beginning_of_winter'),
  }
}

const yearCache = new Map<number, DatedCareDate[]>()
onEnteredYearsChange(() => yearCache.clear())

/** The notice's holiday names (e.g. "国庆节、中秋节") that stand for each lunar festival. */
const NOTICE_NAMES: Partial<Record<CareDateKey, string>> = { spring_festival: '春节', dragon_boat: '端午', mid_autumn: '中秋' }

/**
 * A festival's greeting day as an admin-entered notice has it: the computed day when the notice's
 * holiday of that name contains it (the usual case), else the first day of that holiday — the
 * notice is the authority where the two differ.
 */
function asEntered(year: number, key: CareDateKey, computed: Day): Day {
  const word = NOTICE_NAMES[key]
  const ranges = word ? (enteredYear(year)?.holidays ?? []).filter((h) => h.name.includes(word)) : []
  if (!ranges.length || ranges.some((r) => r.from <= computed && computed <= r.to)) return computed
  return ranges[0].from
}

/** All care occasions of a year, sorted by day (occasions on the same day in CARE_DATE_NAMES order). */
export function careDatesOfYear(year: number): DatedCareDate[] {
  let list = yearCache.get(year)
  if (list === undefined) {
    const holidays = lunarHolidays(year)
    const seasons = seasonStarts(year)
    const byKey: Record<CareDateKey, Day> = {
      spring_festival: holidays.springFestival,
      dragon_boat: holidays.dragonBoat,
      mid_autumn: holidays.midAutumn,
      double_ninth: holidays.doubleNinth,
      christmas: holidays.christmas,
      ...seasons,
    }
    list = KEY_ORDER.map((key) => ({ day: asEntered(year, key, byKey[key]), key, name: CARE_DATE_NAMES[key] })).sort(
      (a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : KEY_ORDER.indexOf(a.key) - KEY_ORDER.indexOf(b.key)),
    )
    yearCache.set(year, list)
  }
  return list.map((o) => ({ ...o }))
}

/** The care occasions that fall on `day` (usually none, at most a few). */
export function careDatesOn(day: Day): CareDate[] {
  const { year } = parseDay(day)
  return careDatesOfYear(year)
    .filter((o) => o.day === day)
    .map(({ key, name }) => ({ key, name }))
}

/**
 * The care occasions from `fromDay` (included) until the same date `years` years later
 * (excluded), sorted by day — the console's "next dates".
 */
export function upcomingCareDates(fromDay: Day, years = 2): DatedCareDate[] {
  if (!Number.isInteger(years) || years < 0) throw new RangeError(`years must be a non-negative integer, not ${years}`)
  const { year, month, date } = parseDay(fromDay)
  // Same month and day `years` later; 29 February rolls over to 1 March in a common year.
  const until = addDays(formatDay(year + years, month, 1), date - 1)
  const result: DatedCareDate[] = []
  for (let y = year; y <= year + years; y++) {
    for (const occasion of careDatesOfYear(y)) {
      if (occasion.day >= fromDay && occasion.day < until) result.push(occasion)
    }
  }
  return result
}
