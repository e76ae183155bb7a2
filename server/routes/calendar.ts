import { getCalendarYear, listCalendarYears, previewCalendarYear, saveCalendarYear } from '../../core/calendar/service.ts'
import {
  calendarPreviewView,
  calendarYearParams,
  calendarYearView,
  calendarYearsView,
  previewCalendarYearBody,
  saveCalendarYearBody,
  savedCalendarYearView,
} from '../../core/calendar/schemas.ts'
import { errorShape } from '../http/openapi.ts'
import { route } from '../http/route.ts'
import type { ServerDeps } from '../app.ts'


/** 节假日: the State Council's holiday notice, entered by admins; every staff member's console reads the entered days. */
export const calendarRoutes = (deps: ServerDeps) => [
  route({
    method: 'get',
    path: '/api/calendar/years',
    summary: 'The years around today and every entered one, with where their holiday calendar comes from (entered, library, provisional); the entered days; the provisional-year warning',
    tag: 'calendar',
    access: 'staff',
    responses: { 200: calendarYearsView },
    handler: () => listCalendarYears(deps),
  }),
  route({
    method: 'get',
    path: '/api/calendar/years/:year',
    summary: 'A year’s entered holidays and adjusted workdays (调休上班), what chinese-days has for it, and its saved versions (who, when)',
    tag: 'calendar',
    access: ['admin'],
    params: calendarYearParams,
    responses: { 200: calendarYearView },
    handler: ({ params }) => getCalendarYear(deps, params.year),
  }),
  route({
    method: 'post',
    path: '/api/calendar/years/:year/preview',
    summary: 'Reads a pasted notice (“春节：2月6日至13日放假调休，共8天。2月14日（星期日）上班。”), an .ics file’s text or typed-in rows into days, with what a save would refuse; saves nothing',
    tag: 'calendar',
    access: ['admin'],
    params: calendarYearParams,
    body: previewCalendarYearBody,
    responses: { 200: calendarPreviewView },
    handler: ({ params, body }) => previewCalendarYear(params.year, body),
  }),
  route({
    method: 'put',
    path: '/api/calendar/years/:year',
    summary: 'Saves the next version of a year’s official calendar; open complaint deadlines are recomputed on it, each moved case audited and its clinic’s supervisors notified',
    tag: 'calendar',
    access: ['admin'],
    params: calendarYearParams,
    body: saveCalendarYearBody,
    responses: {
      200: savedCalendarYearView,
      409: 'calendar_version_changed: another admin saved the year since baseVersion',
      422: errorShape.describe('calendar_day_outside_year, calendar_day_holiday_and_workday, calendar_range_reversed, calendar_holidays_overlap; details.problems lists each with its days'),
    },
    handler: ({ params, body, staff }) => saveCalendarYear(deps, staff!, params.year, body),
  }),
]
