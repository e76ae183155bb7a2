import { z } from 'zod'

/** The years the product's calendars know (the lunar holidays are computed for 1901–2099). */
export const CALENDAR_YEARS = { from: 1901, to: 2099 } as const

function isRealDay(day: string): boolean {
  const [year, month, date] = day.split('-').map(Number)
  const probe = new Date(Date.UTC(year, month - 1, date))
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === date
}

/** A calendar day as the API takes it: `YYYY-MM-DD`, a day that exists, inside the calendars' years. */
export const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(isRealDay, 'must be a day that exists')
  .refine((day) => {
    const year = Number(day.slice(0, 4))
    return year >= CALENDAR_YEARS.from && year <= CALENDAR_YEARS.to
  }, `must be between ${CALENDAR_YEARS.from} and ${CALENDAR_YEARS.to}`)
