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
