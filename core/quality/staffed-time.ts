import { addDays, dayOf, startOfBusinessDay } from '../calendar/days.ts'

type Window = { from: string; to: string } | null

const minutesOf = (hm: string) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5))

/**
 * Milliseconds of [start, end) inside the daily STAFFED_HOURS window (Asia/Shanghai): a chat
 * queued at 19:55 and answered at 08:32 the next morning waited 7 staffed minutes. No window: all of it.
 */
export function staffedMs(start: Date, end: Date, window: Window): number {
  if (end <= start) return 0
  if (!window) return end.getTime() - start.getTime()
  let total = 0
  for (let day = dayOf(start); day <= dayOf(end); day = addDays(day, 1)) {
    const midnight = startOfBusinessDay(day).getTime()
    const open = Math.max(start.getTime(), midnight + minutesOf(window.from) * 60_000)
    const close = Math.min(end.getTime(), midnight + minutesOf(window.to) * 60_000)
    if (close > open) total += close - open
  }
  return total
}
