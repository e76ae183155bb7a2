import { z } from 'zod'
import { parseDay } from './days.ts'

/** The years the product's calendars know (the lunar holidays are computed for 1901–2099). */
export const CALENDAR_YEARS = { from: 1901, to: 2099 } as const

const yearOf = (day: string): number | null => {
  try {
    return parseDay(day).year
  } catch {
    return null // not a day that exists
  }
}

/** A calendar day as the API takes it: `YYYY-MM-DD`, a day that exists, inside the calendars' years. */
export const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((day) => yearOf(day) !== null, 'must be a day that exists')
  .refine((day) => {
    const year = yearOf(day)
    return year === null || (year >= CALENDAR_YEARS.from && year <= CALENDAR_YEARS.to)
  }, `must be between ${CALENDAR_YEARS.from} and ${CALENDAR_YEARS.to}`)

/** An instant as the API takes it: ISO 8601 with its offset, inside the calendars' years. */
export const calendarInstant = z
  .string()
  .datetime({ offset: true, message: 'must be an ISO 8601 time with its offset, e.g. 2026-12-07T10:30:00+08:00' })
  .refine((value) => {
    const year = new Date(value).getUTCFullYear()
    return year >= CALENDAR_YEARS.from && year <= CALENDAR_YEARS.to
  }, `must be between ${CALENDAR_YEARS.from} and ${CALENDAR_YEARS.to}`)
  .transform((value) => new Date(value))
