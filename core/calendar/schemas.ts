import { z } from 'zod'
import { businessDay } from '../../platform/clock.ts'
import { parseDay } from './days.ts'

/** The years the product's calendars know (the lunar holidays are computed for 1901–2099). */
export const CALENDAR_YEARS = { from: 1901, to: 2099 } as const

const outOfRange = `must be between ${CALENDAR_YEARS.from} and ${CALENDAR_YEARS.to}`
const inYears = (year: number) => year >= CALENDAR_YEARS.from && year <= CALENDAR_YEARS.to

/**
 * A date or time of the right form that does not exist or is out of range: the issue carries its
 * rule's code, so the error middleware answers 422 `invalid_date` rather than 400 malformed.
 */
function invalidDate(ctx: z.core.$RefinementCtx<string>, message: string) {
  ctx.addIssue({ code: 'custom', message, params: { ruleCode: 'invalid_date' }, input: ctx.value })
}

/** A string of the given form (else 400) whose `problem`, when it has one, is an invalid date (422). */
function dateString(shape: RegExp, shapeMessage: string, problem: (value: string) => string | null, format?: 'date' | 'date-time') {
  return z
    .string()
    .regex(shape, shapeMessage)
    .superRefine((value, ctx) => {
      if (!shape.test(value)) return
      const found = problem(value)
      if (found) invalidDate(ctx, found)
    })
    .meta({ ...(format ? { format } : {}), 'x-error-code': 'invalid_date' })
}

const DAY_SHAPE = /^\d{4}-\d{2}-\d{2}$/
const dayExists = (day: string): boolean => {
  try {
    return parseDay(day) !== null
  } catch {
    return false
  }
}
const dayProblem = (day: string): string | null => {
  if (!inYears(Number(day.slice(0, 4)))) return outOfRange
  return dayExists(day) ? null : 'must be a day that exists'
}

/** A calendar day as the API takes it: `YYYY-MM-DD` (else 400), a day that exists inside the calendars' years (else 422). */
export const calendarDay = dateString(DAY_SHAPE, 'must be a date YYYY-MM-DD', dayProblem, 'date')

const INSTANT_SHAPE = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/
const instantProblem = (value: string): string | null => {
  const [, day, hh, mm, ss = '0', offsetH = '0', offsetM = '0'] = INSTANT_SHAPE.exec(value)!
  if (!inYears(Number(day.slice(0, 4))) && !dayExists(day)) return outOfRange // parseDay knows no year before 1000
  if (!dayExists(day) || Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59 || Number(offsetH) > 14 || Number(offsetM) > 59) return 'must be a time that exists'
  // The range is the business day's: 1901-01-01T00:00+08:00 is in, though it is still 1900 in UTC.
  return inYears(Number(businessDay(new Date(value)).slice(0, 4))) ? null : outOfRange
}

/** An instant as the API takes it: ISO 8601 with its offset (else 400), one that exists inside the calendars' years (else 422). */
export const calendarInstant = dateString(INSTANT_SHAPE, 'must be an ISO 8601 time with its offset, e.g. 2026-12-07T10:30:00+08:00', instantProblem, 'date-time').transform((value) => new Date(value))

const CLOCK_SHAPE = /^(\d{2}):(\d{2})$/
const clockProblem = (value: string): string | null => {
  const [, hh, mm] = CLOCK_SHAPE.exec(value)!
  return Number(hh) > 23 || Number(mm) > 59 ? 'must be a time between 00:00 and 23:59' : null
}
/** A time of day `HH:mm` (else 400) that exists on a clock, 00:00–23:59 (else 422). */
export const clockTime = dateString(CLOCK_SHAPE, 'must look like 09:30', clockProblem)

const holidayName = z.string().trim().min(1).max(20).describe('as the notice names it, e.g. 春节, 国庆节、中秋节')

export const holidayRange = z.strictObject({ name: holidayName, from: calendarDay, to: calendarDay })
export const adjustedWorkday = z.strictObject({ day: calendarDay, name: holidayName.describe('the holiday the workday makes up for') })

export const calendarYearParams = z.object({ year: z.coerce.number().int().min(CALENDAR_YEARS.from).max(CALENDAR_YEARS.to) })

export const saveCalendarYearBody = z.strictObject({
  holidays: z.array(holidayRange).min(1).max(60),
  workdays: z.array(adjustedWorkday).max(60).default([]),
  source: z.enum(['manual', 'notice', 'ics']).default('manual').describe('how the admin entered it'),
  note: z.string().trim().max(500).optional().describe('e.g. the notice’s number, 国办发明电〔2026〕x号'),
  baseVersion: z.number().int().min(0).optional().describe('the version the admin edited (0: none yet); another admin’s save in between answers 409'),
})
export type SaveCalendarYearInput = z.infer<typeof saveCalendarYearBody>

export const previewCalendarYearBody = z
  .strictObject({
    notice: z.string().max(20_000).optional().describe('the notice’s lines, pasted'),
    ics: z.string().max(2_000_000).optional().describe('the text of an .ics calendar file'),
    holidays: z.array(holidayRange).max(60).optional(),
    workdays: z.array(adjustedWorkday).max(60).optional(),
  })
  .refine((b) => [b.notice, b.ics, b.holidays].filter((v) => v !== undefined).length === 1, 'give exactly one of notice, ics or holidays (with workdays)')
export type PreviewCalendarYearInput = z.infer<typeof previewCalendarYearBody>

const problem = z.object({ code: z.string(), message: z.string(), days: z.array(z.string()) })
const scheduleView = { holidays: z.array(holidayRange), workdays: z.array(adjustedWorkday) }

export const calendarPreviewView = z.object({
  year: z.number(),
  ...scheduleView,
  unread: z.array(z.object({ line: z.number(), text: z.string(), message: z.string() })).describe('notice lines or .ics events that could not be read'),
  skipped: z.number().describe('.ics events outside the year, left out'),
  problems: z.array(problem).describe('what would refuse the save (422)'),
  warnings: z.array(problem).describe('worth a second look; saving is allowed'),
  holidayDays: z.number(),
})

export const calendarYearSummary = z.object({
  year: z.number(),
  source: z.enum(['entered', 'library', 'provisional']),
  version: z.number().nullable().describe('the entered version in force'),
  savedAt: z.string().nullable(),
  savedBy: z.string().nullable(),
})

export const enteredYearView = z.object({ year: z.number(), version: z.number(), ...scheduleView })

export const calendarYearsView = z.object({
  items: z.array(calendarYearSummary),
  total: z.number(),
  warning: z.object({ year: z.number(), message: z.string() }).nullable().describe('from 1 October of the year before: the next year’s deadlines would be provisional'),
  entered: z.array(enteredYearView).describe('every entered year, for the console’s own working-day counts'),
})

export const calendarYearView = calendarYearSummary.extend({
  ...scheduleView,
  entrySource: z.enum(['manual', 'notice', 'ics']).nullable(),
  note: z.string().nullable(),
  library: z.object(scheduleView).nullable().describe('what chinese-days has for the year'),
  history: z.array(
    z.object({
      version: z.number(),
      savedAt: z.string(),
      savedBy: z.string(),
      source: z.enum(['manual', 'notice', 'ics']),
      note: z.string().nullable(),
      changes: z.object({ holidaysAdded: z.array(z.string()), holidaysRemoved: z.array(z.string()), workdaysAdded: z.array(z.string()), workdaysRemoved: z.array(z.string()) }),
    }),
  ),
})

export const savedCalendarYearView = calendarYearView.extend({
  recomputed: z.object({ moved: z.number(), confirmed: z.number(), notices: z.number() }).describe('open complaint deadlines counted again on the saved calendar'),
})
