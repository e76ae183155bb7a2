import chineseDays from 'chinese-days'
import { describe, expect, it } from 'vitest'
import {
  addCalendarDays,
  addHours,
  addWorkingDays,
  calendarKnownThrough,
  isWorkingDay,
  isYearKnown,
  statutoryHolidays,
} from '../../core/calendar/index.ts'
import { addDays, dayOf, endOfBusinessDay } from '../../core/calendar/days.ts'
import { businessDay } from '../../platform/clock.ts'

/** An instant written in China time, e.g. at('2026-09-30 10:00'). */
const at = (local: string) => new Date(`${local.replace(' ', 'T')}+08:00`)
/** The last millisecond of a China day. */
const endOf = (day: string) => new Date(`${day}T23:59:59.999+08:00`)

function everyDayOf(year: number): string[] {
  const days: string[] = []
  for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) days.push(d)
  return days
}

describe('which years the official calendar knows', () => {
  it('knows every year from 2004 through at least 2026, and nothing before 2004', () => {
    expect(calendarKnownThrough()).toBeGreaterThanOrEqual(2026)
    for (let year = 2004; year <= calendarKnownThrough(); year++) expect(isYearKnown(year)).toBe(true)
    expect(isYearKnown(2003)).toBe(false)
    expect(isYearKnown(calendarKnownThrough() + 1)).toBe(false)
  })

  it('answers a known year without the provisional flag', () => {
    expect(isWorkingDay('2026-03-16')).toEqual({ working: true, provisional: false })
    expect(isWorkingDay('2026-03-14')).toEqual({ working: false, provisional: false })
  })
})

describe('working days in 2026 follow the State Council notice', () => {
  it('National Day 1–7 October 2026 are holidays, weekday or not', () => {
    for (const day of ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07']) {
      expect(isWorkingDay(day)).toEqual({ working: false, provisional: false })
    }
    expect(isWorkingDay('2026-10-08').working).toBe(true)
  })

  it('Spring Festival 15–23 February 2026 are holidays', () => {
    for (const day of ['2026-02-16', '2026-02-17', '2026-02-20', '2026-02-23']) expect(isWorkingDay(day).working).toBe(false)
    expect(isWorkingDay('2026-02-24').working).toBe(true)
  })

  it('an adjusted weekend workday (调休上班) counts as a working day: Sunday 20 Sep, Saturdays 14 Feb, 28 Feb, 9 May, 10 Oct 2026, Sunday 4 Jan', () => {
    for (const day of ['2026-09-20', '2026-02-14', '2026-02-28', '2026-05-09', '2026-10-10', '2026-01-04']) {
      expect(isWorkingDay(day)).toEqual({ working: true, provisional: false })
    }
  })

  // chinese-days' own functions are only right when the process TZ is not west of UTC (see core/calendar/library.ts);
  // vitest.config.ts runs tests in Asia/Shanghai, as production does.
  it('agrees with chinese-days isWorkday on every day of 2025 and 2026', () => {
    for (const day of [...everyDayOf(2025), ...everyDayOf(2026)]) {
      expect(isWorkingDay(day).working, day).toBe(chineseDays.isWorkday(day))
    }
  })
})

describe('deadline "within n working days" = end of the n-th working day after the day of receipt', () => {
  it('received Wednesday 30 Sep 2026, 3 working days skip National Day and end on the 调休 Saturday 10 Oct', () => {
    expect(addWorkingDays(at('2026-09-30 10:00'), 3)).toEqual({ dueAt: endOf('2026-10-10'), provisional: false })
  })

  it('received on National Day itself, the count starts after the holiday', () => {
    expect(addWorkingDays(at('2026-10-03 15:00'), 1).dueAt).toEqual(endOf('2026-10-08'))
  })

  it('received Friday 13 Feb 2026 before Spring Festival: Sat 14 Feb (调休) counts, then 24 and 25 Feb', () => {
    expect(addWorkingDays(at('2026-02-13 18:00'), 3)).toEqual({ dueAt: endOf('2026-02-25'), provisional: false })
  })

  it('received Thursday 12 Feb 2026: Fri 13, Sat 14 (调休), then Tue 24 Feb after the holiday', () => {
    expect(addWorkingDays(at('2026-02-12 09:00'), 3).dueAt).toEqual(endOf('2026-02-24'))
  })

  it('received Friday 18 Sep 2026: the 调休 Sunday 20 Sep is the first working day', () => {
    expect(addWorkingDays(at('2026-09-18 15:00'), 1).dueAt).toEqual(endOf('2026-09-20'))
    expect(addWorkingDays(at('2026-09-18 15:00'), 3).dueAt).toEqual(endOf('2026-09-22'))
  })

  it('received Friday evening 13 Mar 2026, 3 working days end Wednesday 18 Mar at 23:59:59.999 China time', () => {
    const due = addWorkingDays(at('2026-03-13 20:30'), 3)
    expect(due).toEqual({ dueAt: endOf('2026-03-18'), provisional: false })
    expect(due.dueAt.toISOString()).toBe('2026-03-18T15:59:59.999Z')
  })

  it('the day of receipt is the China day: 00:30 Friday in China (still Thursday in UTC) counts from Friday', () => {
    expect(addWorkingDays(at('2026-03-12 23:30'), 3).dueAt).toEqual(endOf('2026-03-17'))
    const justAfterMidnight = at('2026-03-13 00:30')
    expect(justAfterMidnight.toISOString()).toBe('2026-03-12T16:30:00.000Z')
    expect(addWorkingDays(justAfterMidnight, 3).dueAt).toEqual(endOf('2026-03-18'))
  })

  it('0 working days is the end of the day of receipt', () => {
    expect(addWorkingDays(at('2026-03-13 20:30'), 0).dueAt).toEqual(endOf('2026-03-13'))
  })

  it('rejects a negative or fractional count and an invalid date', () => {
    expect(() => addWorkingDays(at('2026-03-13 20:30'), -1)).toThrow(RangeError)
    expect(() => addWorkingDays(at('2026-03-13 20:30'), 1.5)).toThrow(RangeError)
    expect(() => addWorkingDays(new Date('not a date'), 3)).toThrow(RangeError)
  })
})

describe('calendar-day and hour deadlines', () => {
  it('closed within 7 / 14 days of acceptance = end of the 7th / 14th calendar day after, holidays included', () => {
    expect(addCalendarDays(at('2026-09-30 10:00'), 7)).toEqual(endOf('2026-10-07'))
    expect(addCalendarDays(at('2026-09-30 10:00'), 14)).toEqual(endOf('2026-10-14'))
  })

  it('counts calendar days from the China day of acceptance', () => {
    // 01:00 on 13 Mar in China is still 12 Mar in UTC.
    expect(addCalendarDays(new Date('2026-03-12T17:00:00Z'), 7)).toEqual(endOf('2026-03-20'))
  })

  it('adds hours to the millisecond, across midnight and holidays', () => {
    expect(addHours(at('2026-09-30 10:00'), 24)).toEqual(at('2026-10-01 10:00'))
    expect(addHours(at('2026-09-30 10:00'), 48)).toEqual(at('2026-10-02 10:00'))
    expect(() => addHours(at('2026-09-30 10:00'), Number.NaN)).toThrow(RangeError)
  })

  it('the day of an instant matches platform/clock businessDay, and the day ends at 15:59:59.999 UTC', () => {
    for (const instant of ['2026-03-12T15:59:59.999Z', '2026-03-12T16:00:00.000Z', '2026-12-31T16:00:00.000Z']) {
      expect(dayOf(new Date(instant))).toBe(businessDay(new Date(instant)))
    }
    expect(endOfBusinessDay('2026-12-31').toISOString()).toBe('2026-12-31T15:59:59.999Z')
  })
})

describe('a year the library does not know: weekends plus the statutory holidays of the 2025 rules, provisional', () => {
  it('lists the statutory holidays of 2027: 元旦, 除夕 (5 Feb, 腊月廿九) to 初三, 清明 5 Apr, 1–2 May, 端午 9 Jun, 中秋 15 Sep, 1–3 Oct', () => {
    const holiday = (name: string, ...days: string[]) => days.map((day) => ({ day, name }))
    expect(statutoryHolidays(2027)).toEqual([
      ...holiday('元旦', '2027-01-01'),
      ...holiday('春节', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'),
      ...holiday('清明节', '2027-04-05'),
      ...holiday('劳动节', '2027-05-01', '2027-05-02'),
      ...holiday('端午节', '2027-06-09'),
      ...holiday('中秋节', '2027-09-15'),
      ...holiday('国庆节', '2027-10-01', '2027-10-02', '2027-10-03'),
    ])
  })

  it('the statutory holidays of 2025 and 2026 are all holidays in the official calendar (the rule matches the data)', () => {
    for (const year of [2025, 2026]) {
      for (const { day } of statutoryHolidays(year)) expect(isWorkingDay(day), day).toEqual({ working: false, provisional: false })
    }
    // 2026 has no 腊月三十: 除夕 is 16 Feb, the day before 正月初一.
    expect(statutoryHolidays(2026).filter((h) => h.name === '春节').map((h) => h.day)).toEqual([
      '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19',
    ])
  })

  it('a day in 2040 comes back provisional: National Day Monday 1 Oct is off, Thursday 4 Oct is a working day', () => {
    expect(isWorkingDay('2040-10-01')).toEqual({ working: false, provisional: true })
    expect(isWorkingDay('2040-10-04')).toEqual({ working: true, provisional: true })
    expect(isWorkingDay('2040-10-06')).toEqual({ working: false, provisional: true })
  })

  // chinese-days 1.5.x (pinned by the lockfile) does not know 2027; upgrading it to one that does must revisit these.
  describe('2027, while chinese-days does not know it', () => {
    it('the library does not know 2027 yet', () => {
      expect(isYearKnown(2027)).toBe(false)
      expect(calendarKnownThrough()).toBe(2026)
    })

    it('skips weekends and the statutory holidays, and flags the answer provisional', () => {
      expect(isWorkingDay('2027-01-01')).toEqual({ working: false, provisional: true })
      expect(isWorkingDay('2027-02-05')).toEqual({ working: false, provisional: true })
      expect(isWorkingDay('2027-02-08')).toEqual({ working: false, provisional: true })
      expect(isWorkingDay('2027-02-09')).toEqual({ working: true, provisional: true })
      expect(isWorkingDay('2027-04-05')).toEqual({ working: false, provisional: true })
      expect(isWorkingDay('2027-06-09')).toEqual({ working: false, provisional: true })
      expect(isWorkingDay('2027-09-15')).toEqual({ working: false, provisional: true })
      expect(isWorkingDay('2027-10-04')).toEqual({ working: true, provisional: true })
      expect(isWorkingDay('2027-03-06')).toEqual({ working: false, provisional: true })
    })

    it('a deadline from Thursday 4 Feb 2027 skips 除夕–初三 and the weekend: due Thursday 11 Feb, provisional', () => {
      expect(addWorkingDays(at('2027-02-04 10:00'), 3)).toEqual({ dueAt: endOf('2027-02-11'), provisional: true })
    })

    it('a deadline from Thursday 30 Sep 2027 skips National Day 1–3 Oct: due Wednesday 6 Oct, provisional', () => {
      expect(addWorkingDays(at('2027-09-30 10:00'), 3)).toEqual({ dueAt: endOf('2027-10-06'), provisional: true })
    })

    it('late December 2026 is provisional too, because the 2027 notice may move days around 元旦', () => {
      expect(isWorkingDay('2026-12-24')).toEqual({ working: true, provisional: false })
      expect(isWorkingDay('2026-12-31')).toEqual({ working: true, provisional: true })
      expect(addWorkingDays(at('2026-12-30 09:00'), 3)).toEqual({ dueAt: endOf('2027-01-05'), provisional: true })
    })
  })
})

describe('day strings', () => {
  it('rejects days that do not exist or are badly written', () => {
    expect(() => isWorkingDay('2026-02-30')).toThrow(RangeError)
    expect(() => isWorkingDay('2026-2-3')).toThrow(RangeError)
    expect(() => isWorkingDay('20260203')).toThrow(RangeError)
  })
})
