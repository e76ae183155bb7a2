import { afterAll, describe, expect, it, vi } from 'vitest'

/**
 * chinese-days reads dates with the process time zone's local getters (a day early west of UTC).
 * core/calendar must give the same answers whatever TZ the server process runs in.
 */
type CalendarModule = typeof import('../../core/calendar/index.ts')

async function answersIn(timeZone: string) {
  process.env.TZ = timeZone
  vi.resetModules()
  const c: CalendarModule = await import('../../core/calendar/index.ts')
  return {
    knownThrough: c.calendarKnownThrough(),
    nationalDay: c.addWorkingDays(new Date('2026-09-30T10:00:00+08:00'), 3),
    springFestival: c.addWorkingDays(new Date('2026-02-13T18:00:00+08:00'), 3),
    friday: c.addWorkingDays(new Date('2026-03-13T20:30:00+08:00'), 3),
    closing: c.addCalendarDays(new Date('2026-03-12T17:00:00Z'), 7),
    days: ['2026-09-20', '2026-10-01', '2026-10-08', '2026-02-14', '2027-02-05', '2027-10-04', '2040-10-01'].map(c.isWorkingDay),
    statutory2027: c.statutoryHolidays(2027),
    lunar: [2025, 2026, 2027, 2028].map(c.lunarHolidays),
    seasons: [2025, 2026, 2027].map(c.seasonStarts),
    upcoming: c.upcomingCareDates('2026-01-01', 2),
  }
}

describe('answers do not depend on the process time zone', () => {
  const original = process.env.TZ
  afterAll(() => {
    if (original === undefined) delete process.env.TZ
    else process.env.TZ = original
  })

  it('Los Angeles, UTC and Kiritimati (UTC+14) give the same answers as Shanghai', async () => {
    const shanghai = await answersIn('Asia/Shanghai')
    expect(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset()).toBe(-480)
    expect(shanghai.nationalDay.dueAt.toISOString()).toBe('2026-10-10T15:59:59.999Z')
    for (const [timeZone, offset] of [['America/Los_Angeles', 480], ['UTC', 0], ['Pacific/Kiritimati', -840]] as const) {
      const answers = await answersIn(timeZone)
      expect(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset(), `${timeZone} is in effect`).toBe(offset)
      expect(answers, timeZone).toEqual(shanghai)
    }
  })
})
