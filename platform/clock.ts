/**
 * Time is a dependency: code asks `clock.now()` so that jobs and tests can run
 * "as if it were Friday 10:00". Instants are stored in UTC; days are reasoned about
 * in the business time zone (Asia/Shanghai).
 */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock that stands still at a given instant until moved; for tests and manual job runs. */
export function fixedClock(at: Date | string): Clock & { set(at: Date | string): void; advance(ms: number): void } {
  let current = new Date(at)
  return {
    now: () => new Date(current),
    set: (next) => { current = new Date(next) },
    advance: (ms) => { current = new Date(current.getTime() + ms) },
  }
}

export const BUSINESS_TIME_ZONE = 'Asia/Shanghai'

// Building an Intl.DateTimeFormat costs ~0.25 ms, formatting with one a few µs; this runs per
// message (the NLU's dates) and per row (survey planning), so one formatter per time zone is kept.
const dayFormats = new Map<string, Intl.DateTimeFormat>()

/** The calendar day ("2026-11-23") of an instant in the business time zone. */
export function businessDay(at: Date, timeZone = BUSINESS_TIME_ZONE): string {
  let format = dayFormats.get(timeZone)
  if (!format) dayFormats.set(timeZone, (format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })))
  return format.format(at)
}
