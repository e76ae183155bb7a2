import { businessDay } from '../../platform/clock.ts'
import { parseChineseNumber } from './chinese-number.ts'
import type { PartOfDay } from '../../core/nlu/intents.ts'

export interface DateTimeSlots {
  date?: string
  time?: string
  partOfDay?: PartOfDay
}

const NUM = '(?:\\d{1,2}|[零一二两三四五六七八九十]{1,3})'
const WEEKDAYS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, 末: 6 }
const RELATIVE_DAYS: Array<[RegExp, number]> = [
  [/大后天/, 3],
  [/大前天/, -3],
  [/后天/, 2],
  [/前天/, -2],
  [/昨天|昨日|昨晚/, -1],
  [/明天|明日|明儿|明早|明晚|明上午|明下午|明中午/, 1],
  [/今天|今日|今儿|今早|今晚|今上午|今下午|今中午|当天/, 0],
]
const PARTS_OF_DAY: Array<[RegExp, PartOfDay]> = [
  [/早上|早晨|清早|一早|上午|明早|今早|am\b/, 'morning'],
  [/中午|午饭/, 'noon'],
  [/下午|午后|pm\b/, 'afternoon'],
  [/晚上|傍晚|今晚|明晚|夜里|晚间|下班后/, 'evening'],
]

// Compiled once: these run for every message.
const MONTH_DAY = new RegExp(`(${NUM})\\s*月\\s*(\\d{1,2}(?![\\d.])|${NUM}(?=\\s*[日号]))`)
const DAY_OF_RELATIVE_MONTH = new RegExp(`(下个?月|这个?月|本月)\\s*(${NUM})\\s*[号日]`)
const DAYS_LATER = new RegExp(`(${NUM})\\s*(?:天|日)\\s*(?:后|以后|之后)`)
const WEEKS_LATER = new RegExp(`(${NUM})\\s*个?\\s*(?:周|星期|礼拜)\\s*(?:后|以后|之后)`)
const DAY_OF_MONTH = new RegExp(`(?<![\\d月./-])(${NUM})\\s*[号日](?!线|楼|门|室|诊|窗|床|位|院|馆|机|码|店|厅|口)`)
// matchAll works on a copy, so the shared 'g' pattern keeps no state between messages
const O_CLOCK = new RegExp(`(${NUM})\\s*点(?:钟)?\\s*(半|一刻|三刻|(\\d{1,2}|[零一二三四五六七八九十]{1,3})\\s*分?)?`, 'g')

/** A calendar day as a UTC midnight, so that day arithmetic ignores time zones. */
type Day = Date

function dayOf(iso: string): Day {
  return new Date(`${iso}T00:00:00Z`)
}

function addDays(day: Day, n: number): Day {
  return new Date(day.getTime() + n * 86_400_000)
}

function isoOf(day: Day): string {
  return day.toISOString().slice(0, 10)
}

/** Monday = 1 … Sunday = 7. */
function isoWeekday(day: Day): number {
  return ((day.getUTCDay() + 6) % 7) + 1
}

function num(text: string): number | null {
  return parseChineseNumber(text)
}

function validDay(year: number, month: number, day: number): Day | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null
  const d = new Date(Date.UTC(year, month - 1, day))
  return d.getUTCMonth() === month - 1 ? d : null
}

/** Month and day without a year: this year, or next year once the day has passed. */
function upcoming(today: Day, month: number, day: number): Day | null {
  const year = today.getUTCFullYear()
  const thisYear = validDay(year, month, day)
  if (thisYear && thisYear >= today) return thisYear
  return validDay(year + 1, month, day) ?? thisYear
}

function findDate(text: string, today: Day): Day | null {
  let m = text.match(/(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/)
  if (m) return validDay(Number(m[1]), Number(m[2]), Number(m[3]))

  m = text.match(MONTH_DAY)
  if (m) {
    const month = num(m[1])
    const day = num(m[2])
    if (month !== null && day !== null) return upcoming(today, month, day)
  }

  // 11.25 and 12/3; not a decimal such as 视力4.8, 1.5万 or 11.25元
  m = text.match(/(?<![\d.a-z])(\d{1,2})([./])(\d{1,2})(?![\d.%]|\s*(?:元|块|万|千|折|度|倍|米|mm|cm|k|w))/)
  if (m && (m[2] === '/' || !/视力|度数|散光|眼压|近视|远视|老花|矫正/.test(text))) {
    const d = upcoming(today, Number(m[1]), Number(m[3]))
    if (d) return d
  }

  m = text.match(DAY_OF_RELATIVE_MONTH)
  if (m) {
    const day = num(m[2])
    const base = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + (m[1].startsWith('下') ? 1 : 0), 1))
    if (day !== null) return validDay(base.getUTCFullYear(), base.getUTCMonth() + 1, day)
  }

  for (const [pattern, offset] of RELATIVE_DAYS) if (pattern.test(text)) return addDays(today, offset)

  m = text.match(DAYS_LATER)
  if (m) {
    const n = num(m[1])
    if (n !== null) return addDays(today, n)
  }
  m = text.match(WEEKS_LATER)
  if (m) {
    const n = num(m[1])
    if (n !== null) return addDays(today, 7 * n)
  }

  m = text.match(/(?<!每)(下下|下个?|这个?|本|上个?)?\s*(?:周|星期|礼拜)\s*([一二三四五六日天末1-7])/)
  if (m) {
    const target = WEEKDAYS[m[2]] ?? Number(m[2])
    const weekday = isoWeekday(today)
    const prefix = (m[1] ?? '').replace('个', '')
    const mondayThisWeek = addDays(today, 1 - weekday)
    const weeksAhead = prefix === '下下' ? 2 : prefix === '下' ? 1 : prefix === '上' ? -1 : prefix ? 0 : target > weekday ? 0 : 1
    return addDays(mondayThisWeek, 7 * weeksAhead + target - 1)
  }

  // 25号: this month, or next month once passed; not 10号线, 3号楼, 2号诊室
  m = text.match(DAY_OF_MONTH)
  if (m) {
    const day = num(m[1])
    if (day !== null) {
      const thisMonth = validDay(today.getUTCFullYear(), today.getUTCMonth() + 1, day)
      if (thisMonth && thisMonth >= today) return thisMonth
      const next = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1))
      return validDay(next.getUTCFullYear(), next.getUTCMonth() + 1, day)
    }
  }
  return null
}

function findPartOfDay(text: string): PartOfDay | undefined {
  let best: { at: number; part: PartOfDay } | undefined
  for (const [pattern, part] of PARTS_OF_DAY) {
    const at = text.search(pattern)
    if (at >= 0 && (!best || at < best.at)) best = { at, part }
  }
  return best?.part
}

function findClock(text: string): { hour: number; minute: number } | null {
  let m = text.match(/(?<!\d)([01]?\d|2[0-3])\s*:\s*([0-5]\d)(?!\d)/)
  if (m) return { hour: Number(m[1]), minute: Number(m[2]) }

  m = text.match(/(?<!\d)(\d{1,2})(?:\.(\d{2}))?\s*(?:am|pm)\b/)
  if (m) return { hour: Number(m[1]), minute: Number(m[2] ?? 0) }

  m = text.match(/(?<!\d)(\d{1,2})\s*时\s*(\d{1,2})\s*分/)
  if (m) return { hour: Number(m[1]), minute: Number(m[2]) }

  for (const match of text.matchAll(O_CLOCK)) {
    const hour = num(match[1])
    if (hour === null || hour > 24) continue
    // 一点 is mostly "a little" (快一点, 好一点): only a time next to a part of day or minutes
    if (match[1] === '一' && !match[2] && !/(?:早上|上午|中午|下午|晚上|凌晨|夜里)\s*$/.test(text.slice(0, match.index))) continue
    const tail = match[2]
    const minute = !tail ? 0 : tail === '半' ? 30 : tail === '一刻' ? 15 : tail === '三刻' ? 45 : num(match[3] ?? '')
    if (minute === null || minute > 59) continue
    return { hour, minute }
  }
  return null
}

function to24h(hour: number, part: PartOfDay | undefined): number {
  if ((part === 'afternoon' || part === 'evening') && hour < 12) return hour + 12
  if (part === 'noon' && hour <= 2) return hour + 12
  // Without a part of day, 1–7 o'clock means the afternoon: clinics are closed at night
  if (!part && hour >= 1 && hour <= 7) return hour + 12
  return hour === 24 ? 0 : hour
}

const QUARTER_HOUR = 15 * 60_000
let cachedQuarter = NaN
let cachedToday: Day = new Date(NaN)

/**
 * The business day of `now`. Formatting it (Intl) cost as much as all the other date slots
 * together, while messages by the hundred share a day: the day found is kept for the quarter hour
 * (UTC) around `now` when both ends of that quarter hour fall on it, which then holds for every
 * instant between (a local date never goes back). A quarter hour that spans midnight is not kept.
 */
function todayAt(now: Date): Day {
  const quarter = Math.floor(now.getTime() / QUARTER_HOUR)
  if (quarter === cachedQuarter) return cachedToday
  const first = businessDay(new Date(quarter * QUARTER_HOUR))
  const last = businessDay(new Date((quarter + 1) * QUARTER_HOUR - 1))
  if (first !== last) return dayOf(businessDay(now))
  cachedQuarter = quarter
  cachedToday = dayOf(first)
  return cachedToday
}

/** Date, time of day and part of day of an appointment request, relative to `now` in Asia/Shanghai. */
export function extractDateTime(text: string, now: Date): DateTimeSlots {
  const today = todayAt(now)
  const slots: DateTimeSlots = {}
  const date = findDate(text, today)
  if (date) slots.date = isoOf(date)
  const partOfDay = findPartOfDay(text)
  if (partOfDay) slots.partOfDay = partOfDay
  const clock = findClock(text)
  if (clock) {
    const hour = to24h(clock.hour, partOfDay)
    slots.time = `${String(hour).padStart(2, '0')}:${String(clock.minute).padStart(2, '0')}`
  }
  return slots
}
