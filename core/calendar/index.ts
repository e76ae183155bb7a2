/** Working days, deadlines and member-care dates on the Chinese calendar; pure functions, no database. */
export {
  addCalendarDays,
  addHours,
  addWorkingDays,
  calendarKnownThrough,
  isWorkingDay,
  isYearKnown,
  statutoryHolidays,
  type Deadline,
  type StatutoryHoliday,
  type WorkingDayAnswer,
} from './working-days.ts'
export {
  CARE_DATE_NAMES,
  careDatesOfYear,
  careDatesOn,
  lunarHolidays,
  seasonStarts,
  upcomingCareDates,
  type CareDate,
  type CareDateKey,
  type DatedCareDate,
  type LunarHolidays,
  type SeasonStarts,
} from './care-dates.ts'
export { addDays, dayOf, endOfBusinessDay, startOfBusinessDay, weekday, type Day } from './days.ts'
export { lunarDateOf, solarDayOfLunar } from './library.ts'
