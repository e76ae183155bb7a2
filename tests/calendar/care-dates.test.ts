import { describe, expect, it } from 'vitest'
import {
  careDatesOfYear,
  careDatesOn,
  lunarDateOf,
  lunarHolidays,
  seasonStarts,
  solarDayOfLunar,
  upcomingCareDates,
} from '../../core/calendar/index.ts'

describe('traditional holidays on the lunar calendar', () => {
  it.each([
    [2026, '春节 17 Feb, 端午 19 Jun, 中秋 25 Sep, 重阳 18 Oct', ['2026-02-17', '2026-06-19', '2026-09-25', '2026-10-18']],
    [2027, '春节 6 Feb, 端午 9 Jun, 中秋 15 Sep, 重阳 8 Oct', ['2027-02-06', '2027-06-09', '2027-09-15', '2027-10-08']],
  ] as const)('%i: %s; Christmas 25 Dec', (year, _named, [springFestival, dragonBoat, midAutumn, doubleNinth]) => {
    expect(lunarHolidays(year)).toEqual({ springFestival, dragonBoat, midAutumn, doubleNinth, christmas: `${year}-12-25` })
  })

  it('each holiday converts back to its lunar date (正月初一, 五月初五, 八月十五, 九月初九)', () => {
    for (const year of [2025, 2026, 2027, 2028]) {
      const h = lunarHolidays(year)
      const expected: Array<[string, number, number]> = [
        [h.springFestival, 1, 1],
        [h.dragonBoat, 5, 5],
        [h.midAutumn, 8, 15],
        [h.doubleNinth, 9, 9],
      ]
      for (const [day, lunarMonth, lunarDay] of expected) {
        expect(lunarDateOf(day), day).toEqual({ lunarYear: year, lunarMonth, lunarDay, isLeapMonth: false })
      }
    }
  })

  it('uses the ordinary month when the year has a leap month of the same number (2028 has 闰五月: 端午 28 May)', () => {
    expect(lunarHolidays(2028).dragonBoat).toBe('2028-05-28')
    expect(lunarHolidays(2028).springFestival).toBe('2028-01-26')
  })

  it('除夕 2026 is 腊月廿九 (that 腊月 has no 30th), and a lunar date that does not exist is refused', () => {
    expect(lunarDateOf('2026-02-16')).toEqual({ lunarYear: 2025, lunarMonth: 12, lunarDay: 29, isLeapMonth: false })
    expect(() => solarDayOfLunar(2025, 12, 30)).toThrow(RangeError)
  })

  it('refuses years outside the library lunar table', () => {
    expect(() => lunarHolidays(2100)).toThrow(RangeError)
  })
})

describe('season starts (立春, 立夏, 立秋, 立冬)', () => {
  it('2026: 4 Feb, 5 May, 7 Aug, 7 Nov', () => {
    expect(seasonStarts(2026)).toEqual({ lichun: '2026-02-04', lixia: '2026-05-05', liqiu: '2026-08-07', lidong: '2026-11-07' })
  })

  it('2025 立春 is 3 Feb and 2027 立夏 / 立秋 move to 6 May / 8 Aug', () => {
    expect(seasonStarts(2025).lichun).toBe('2025-02-03')
    expect(seasonStarts(2027)).toEqual({ lichun: '2027-02-04', lixia: '2027-05-06', liqiu: '2027-08-08', lidong: '2027-11-07' })
  })
})

describe('careDatesOn: which occasions fall on a day', () => {
  it('25 Dec 2026 is Christmas', () => {
    expect(careDatesOn('2026-12-25')).toEqual([{ key: 'christmas', name: '圣诞节' }])
  })

  it('6 Feb 2027 is the Spring Festival', () => {
    expect(careDatesOn('2027-02-06')).toEqual([{ key: 'spring_festival', name: '春节' }])
  })

  it('the season starts and the other lunar holidays are found on their days', () => {
    expect(careDatesOn('2026-02-04')).toEqual([{ key: 'lichun', name: '立春' }])
    expect(careDatesOn('2026-11-07')).toEqual([{ key: 'lidong', name: '立冬' }])
    expect(careDatesOn('2026-06-19')).toEqual([{ key: 'dragon_boat', name: '端午节' }])
    expect(careDatesOn('2026-09-25')).toEqual([{ key: 'mid_autumn', name: '中秋节' }])
    expect(careDatesOn('2026-10-18')).toEqual([{ key: 'double_ninth', name: '重阳节' }])
  })

  it('an ordinary day has none', () => {
    expect(careDatesOn('2026-03-01')).toEqual([])
    expect(careDatesOn('2026-02-16')).toEqual([])
  })

  it('lists both when two fall on one day (春节 and 立春 on 4 Feb 2038)', () => {
    expect(careDatesOn('2038-02-04')).toEqual([
      { key: 'spring_festival', name: '春节' },
      { key: 'lichun', name: '立春' },
    ])
  })

  it('rejects a malformed day', () => {
    expect(() => careDatesOn('2026-13-01')).toThrow(RangeError)
  })
})

describe('upcomingCareDates: the next occasions for the console', () => {
  it('from 1 Jun 2026, two years ahead: 19 occasions in day order, from 端午 2026 to 端午 2028', () => {
    const upcoming = upcomingCareDates('2026-06-01')
    expect(upcoming).toHaveLength(6 + 9 + 4)
    expect(upcoming[0]).toEqual({ day: '2026-06-19', key: 'dragon_boat', name: '端午节' })
    expect(upcoming.at(-1)).toEqual({ day: '2028-05-28', key: 'dragon_boat', name: '端午节' })
    const days = upcoming.map((o) => o.day)
    expect(days).toEqual([...days].sort())
    expect(upcoming.slice(0, 6).map((o) => o.key)).toEqual(['dragon_boat', 'liqiu', 'mid_autumn', 'double_ninth', 'lidong', 'christmas'])
  })

  it('includes an occasion on the start day and stops before the same date years later', () => {
    expect(upcomingCareDates('2026-06-19', 1)[0].day).toBe('2026-06-19')
    expect(upcomingCareDates('2026-06-19', 1).at(-1)?.day).toBe('2027-06-09')
    expect(upcomingCareDates('2026-06-10', 1).at(-1)?.day).toBe('2027-06-09')
    expect(upcomingCareDates('2026-06-09', 1).at(-1)?.day).toBe('2027-05-06')
  })

  it('one year holds all nine occasions', () => {
    expect(careDatesOfYear(2026).map((o) => o.key).sort()).toEqual(
      ['christmas', 'double_ninth', 'dragon_boat', 'lichun', 'lidong', 'liqiu', 'lixia', 'mid_autumn', 'spring_festival'],
    )
    expect(upcomingCareDates('2026-01-01', 1)).toHaveLength(9)
  })
})
