/**
 * Working days, deadlines and member-care dates on the Chinese calendar; pure functions, no database
 * (the admins' entered years are installed into entered-years.ts by service.ts, which is not exported here).
 */
export {
  addCalendarDays,
  addHours,
  addWorkingDays,
  calendarKnownThrough,
  calendarSourceOf,
  isWorkingDay,
  isYearKnown,
  statutoryHolidays,
  type CalendarSource,
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
export { enteredYear, enteredYearsList, installEnteredYears, type AdjustedWorkday, type EnteredYear, type HolidayRange, type YearSchedule } from './entered-years.ts'
