/**
 * The one place that talks to `chinese-days`, wrapping the quirks found in v1.5.x:
 *
 * - Only the default import works at run time. The package's `main` is a UMD bundle, so
 *   `import { getLunarDate } from 'chinese-days'` type-checks (index.d.ts declares named
 *   exports) but fails under Node/tsx with "does not provide an export named …".
 * - The functions read 'YYYY-MM-DD' strings as UTC midnight and then use the *local* getters
 *   of the process time zone. West of UTC they answer for the day before: with TZ=America/Los_Angeles
 *   `isWorkday('2026-03-14')` (a Saturday) is true, `getSolarDateFromLunar('2026-08-15')` is
 *   2026-09-24 and `getSolarTermDate(2026, 2, …立春)` is 2026-02-03. The holiday table itself is
 *   built with the same parsing when the module loads, so its keys shift too. So:
 *     · the official holiday/workday table is read from the JSON file the package ships
 *       (`dist/chinese-days.json`, documented in its README, generated at build time);
 *     · lunar → solar gets a Date whose local fields are the lunar Y/M/D, solar → lunar gets an
 *       instant at noon China time, and solar-term answers are corrected for the UTC/local
 *       slip. The results no longer depend on the process TZ (tests check LA, UTC, Kiritimati).
 * - The holiday table covers 2004 up to the last year the State Council has announced; for any
 *   other year `isWorkday` silently falls back to "Monday–Friday", which is why the table is
 *   read directly here and unknown years are handled by working-days.ts.
 * - Lunar and solar-term data cover 1900–2100.
 */
import chineseDays from 'chinese-days'
import officialTable from 'chinese-days/dist/chinese-days.json' with { type: 'json' }
import { addDays, formatDay, parseDay, type Day } from './days.ts'

export type SolarTermKey = Parameters<typeof chineseDays.getSolarTermDate>[2]

/** Years whose lunar and solar-term data the library has, with a margin at both ends. */
export const FIRST_LUNAR_YEAR = 1901
export const LAST_LUNAR_YEAR = 2099

/** A day the State Council's notice names: a holiday (放假) or an adjusted workday (调休上班). */
export interface OfficialEntry {
  kind: 'holiday' | 'workday'
  /** English name, e.g. "National Day" */
  name: string
  /** Chinese name, e.g. "国庆节" */
  nameZh: string
}

const holidayTable = officialTable.holidays as Record<string, string>
const workdayTable = officialTable.workdays as Record<string, string>

function parseEntry(kind: OfficialEntry['kind'], description: string): OfficialEntry {
  // "National Day,国庆节,3": English name, Chinese name, statutory number of days.
  const [name = '', nameZh = ''] = description.split(',')
  return { kind, name, nameZh }
}

/** What the official calendar says about a day, or undefined if the notice does not mention it. */
export function officialEntry(day: Day): OfficialEntry | undefined {
  parseDay(day)
  const workday = workdayTable[day]
  if (workday !== undefined) return parseEntry('workday', workday)
  const holiday = holidayTable[day]
  if (holiday !== undefined) return parseEntry('holiday', holiday)
  return undefined
}

/** Every entry of one calendar year in the official table. */
export function officialEntriesOfYear(year: number): Array<OfficialEntry & { day: Day }> {
  const prefix = `${String(year).padStart(4, '0')}-`
  const rows: Array<OfficialEntry & { day: Day }> = []
  for (const [day, description] of Object.entries(holidayTable)) {
    if (day.startsWith(prefix)) rows.push({ day, ...parseEntry('holiday', description) })
  }
  for (const [day, description] of Object.entries(workdayTable)) {
    if (day.startsWith(prefix)) rows.push({ day, ...parseEntry('workday', description) })
  }
  return rows.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))
}

function assertLunarYear(year: number): void {
  if (!Number.isInteger(year) || year < FIRST_LUNAR_YEAR || year > LAST_LUNAR_YEAR) {
    throw new RangeError(`The lunar calendar is only available for ${FIRST_LUNAR_YEAR}–${LAST_LUNAR_YEAR}, not ${year}`)
  }
}

export interface LunarDay {
  lunarYear: number
  lunarMonth: number
  lunarDay: number
  isLeapMonth: boolean
}

/** The lunar date of a (China) calendar day. */
export function lunarDateOf(day: Day): LunarDay {
  const { year, month, date } = parseDay(day)
  assertLunarYear(year)
  // The library counts whole days since 1900-01-31 00:00 China time, so any instant inside the
  // China day works; noon China time keeps clear of both ends.
  const detail = chineseDays.getLunarDate(new Date(Date.UTC(year, month - 1, date, 4)))
  return { lunarYear: detail.lunarYear, lunarMonth: detail.lunarMon, lunarDay: detail.lunarDay, isLeapMonth: detail.isLeap }
}

/**
 * The solar day of a lunar date (the ordinary month, not a leap month of the same number),
 * checked by converting back.
 */
export function solarDayOfLunar(lunarYear: number, lunarMonth: number, lunarDay: number): Day {
  assertLunarYear(lunarYear)
  if (!Number.isInteger(lunarMonth) || lunarMonth < 1 || lunarMonth > 12 || !Number.isInteger(lunarDay) || lunarDay < 1 || lunarDay > 30) {
    throw new RangeError(`Not a lunar date: ${lunarYear}/${lunarMonth}/${lunarDay}`)
  }
  // getSolarDateFromLunar reads the lunar Y/M/D from the Date's *local* fields.
  const carrier = new Date(lunarYear, lunarMonth - 1, lunarDay, 12)
  if (carrier.getMonth() !== lunarMonth - 1 || carrier.getDate() !== lunarDay) {
    throw new RangeError(`Lunar ${lunarYear}/${lunarMonth}/${lunarDay} cannot be passed to chinese-days (day past the solar month's end)`)
  }
  const solar = chineseDays.getSolarDateFromLunar(carrier).date
  const back = lunarDateOf(solar)
  if (back.lunarYear !== lunarYear || back.lunarMonth !== lunarMonth || back.lunarDay !== lunarDay || back.isLeapMonth) {
    throw new RangeError(`Lunar ${lunarYear}/${lunarMonth}/${lunarDay} does not exist (chinese-days answered ${solar})`)
  }
  return solar
}

/** What the library prints for a day after its own 'YYYY-MM-DD' → UTC midnight → local-fields trip. */
function libraryRendering(day: Day): Day {
  const { year, month, date } = parseDay(day)
  const asLibraryParses = new Date(Date.UTC(year, month - 1, date))
  return formatDay(asLibraryParses.getFullYear(), asLibraryParses.getMonth() + 1, asLibraryParses.getDate())
}

/** The day a solar term begins (China time), e.g. (2026, 2, 'the_beginning_of_spring') → '2026-02-04'. */
export function solarTermDay(year: number, month: number, term: SolarTermKey): Day {
  assertLunarYear(year)
  const printed = chineseDays.getSolarTermDate(year, month, term)
  // West of UTC the library prints the day before the one it computed; undo that.
  for (const candidate of [printed, addDays(printed, 1)]) {
    if (libraryRendering(candidate) === printed) {
      if (parseDay(candidate).month !== month) break
      return candidate
    }
  }
  throw new Error(`chinese-days gave an unexpected date ${printed} for solar term ${term} in ${year}-${month}`)
}
