/**
 * QUIET_HOURS (default 21:00–08:30, Asia/Shanghai): no marketing or care message leaves in this
 * window. The window may wrap midnight. China has no daylight saving time, so a fixed +08:00
 * offset turns wall times into instants.
 */
import { CHINA_UTC_OFFSET_MS } from '../calendar/days.ts'

export type QuietHours = { from: string; to: string } | null

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/** Minutes since midnight in China of an instant. */
function chinaMinutes(at: Date): number {
  const shifted = new Date(at.getTime() + CHINA_UTC_OFFSET_MS)
  return shifted.getUTCHours() * 60 + shifted.getUTCMinutes() + shifted.getUTCSeconds() / 60 + shifted.getUTCMilliseconds() / 60_000
}

export function isQuiet(at: Date, quiet: QuietHours): boolean {
  if (!quiet) return false
  const from = minutesOf(quiet.from)
  const to = minutesOf(quiet.to)
  const now = chinaMinutes(at)
  if (from === to) return false
  return from < to ? now >= from && now < to : now >= from || now < to
}

/** `at` itself when sending is allowed then, otherwise the instant the quiet window ends. */
export function allowedFrom(at: Date, quiet: QuietHours): Date {
  if (!quiet || !isQuiet(at, quiet)) return at
  const to = minutesOf(quiet.to)
  const now = chinaMinutes(at)
  const minutesUntilEnd = now < to ? to - now : 24 * 60 - now + to
  const end = new Date(at.getTime() + minutesUntilEnd * 60_000)
  end.setUTCSeconds(0, 0) // land exactly on HH:mm
  return end
}
