/**
 * Working days for the console's deadline hints, from the very calendar the API computes the
 * deadlines with (core/calendar: China's public holidays and 调休 from chinese-days, provisional
 * for years not announced yet). It is pure and runs in the browser, so the console imports it
 * rather than keeping a second holiday table that could disagree with the server.
 */
export { isWorkingDay } from '../../../core/calendar/working-days.ts'
export { addDays, dayOf } from '../../../core/calendar/days.ts'
