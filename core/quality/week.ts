import { addDays, endOfBusinessDay, startOfBusinessDay, weekday } from '../calendar/days.ts'

/** The Monday of the week (Mon–Sun, Asia/Shanghai) a day falls in. */
export const mondayOf = (day: string) => addDays(day, -((weekday(day) + 6) % 7))

export function weekRange(monday: string) {
  return { monday, sunday: addDays(monday, 6), start: startOfBusinessDay(monday), end: endOfBusinessDay(addDays(monday, 6)) }
}
