/** Dates and times as a clinic writes them to a patient, in the business time zone. */
import { BUSINESS_TIME_ZONE } from '../../platform/clock.ts'
import { dayOf, weekday } from './days.ts'

const WEEKDAYS = '日一二三四五六'

/** 11月26日（周四）, of a day YYYY-MM-DD. */
export function chineseDay(day: string): string {
  const [, month, date] = day.split('-').map(Number)
  return `${month}月${date}日（周${WEEKDAYS[weekday(day)]}）`
}

/** 11月26日（周四）, of an instant. */
export function chineseDate(at: Date): string {
  return chineseDay(dayOf(at))
}

/** 14:00 */
export function clockTime(at: Date): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: BUSINESS_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at)
}

/** 11月26日 14:00 */
export function chineseDateTime(at: Date): string {
  const [, month, date] = dayOf(at).split('-').map(Number)
  return `${month}月${date}日 ${clockTime(at)}`
}
