import { afterEach, describe, expect, it } from 'vitest'
import { careDatesOfYear, installEnteredYears, isWorkingDay } from '../../core/calendar/index.ts'
import { parseIcs } from '../../core/calendar/ics.ts'
import { parseNotice } from '../../core/calendar/notice.ts'
import { scheduleProblems } from '../../core/calendar/schedule-rules.ts'

describe('reading the State Council notice’s lines', () => {
  it('reads the issue’s 春节 line into its eight days off and the Sunday worked', () => {
    expect(parseNotice(2027, '春节：2月6日至13日放假调休，共8天。2月14日（星期日）上班。')).toEqual({
      holidays: [{ name: '春节', from: '2027-02-06', to: '2027-02-13' }],
      workdays: [{ day: '2027-02-14', name: '春节' }],
      problems: [],
    })
  })

  it('reads numbered lines, lunar notes in brackets, a range across months and a holiday of two names', () => {
    const parsed = parseNotice(2023, '六、中秋节、国庆节：9月29日（农历八月十五、周五）至10月6日（周五）放假调休，共8天。10月7日（周六）、10月8日（周日）上班。')
    expect(parsed.holidays).toEqual([{ name: '中秋节、国庆节', from: '2023-09-29', to: '2023-10-06' }])
    expect(parsed.workdays.map((w) => w.day)).toEqual(['2023-10-07', '2023-10-08'])
  })

  it('places a 元旦 that begins in December in the year before (元旦 2019: 30 Dec 2018 – 1 Jan 2019, 29 Dec worked)', () => {
    const parsed = parseNotice(2019, '一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。')
    expect(parsed.holidays).toEqual([{ name: '元旦', from: '2018-12-30', to: '2019-01-01' }])
    expect(parsed.workdays).toEqual([{ day: '2018-12-29', name: '元旦' }])
    expect(parseNotice(2019, '元旦：12月30日至1月1日放假调休，共3天。').holidays).toEqual([{ name: '元旦', from: '2018-12-30', to: '2019-01-01' }])
    expect(scheduleProblems(2019, { holidays: parsed.holidays, workdays: parsed.workdays })).toEqual([])
  })

  it('reports a line it cannot read (a day that does not exist, a total that does not add up) instead of guessing, and skips the notice’s prose', () => {
    const parsed = parseNotice(2027, '经国务院批准，现将安排通知如下。\n三、清明节：2月30日放假。\n四、劳动节：5月1日至4日放假，共5天。\n节假日期间，各地区要妥善安排值班。')
    expect(parsed.holidays).toEqual([])
    expect(parsed.problems.map((p) => p.line)).toEqual([2, 3])
    expect(parsed.problems[1].message).toContain('共5天')
  })
})

describe('reading an .ics holiday calendar', () => {
  const ics = [
    'BEGIN:VCALENDAR',
    'BEGIN:VEVENT',
    'DTSTART;VALUE=DATE:20270206',
    'DTEND;VALUE=DATE:20270214',
    'SUMMARY:春节 假期',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'DTSTART;VALUE=DATE:20270214',
    'SUMMARY:春节 补',
    ' 班',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'DTSTART;VALUE=DATE:20261001',
    'DTEND;VALUE=DATE:20261008',
    'SUMMARY:国庆节',
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n')

  it('ends all-day events the day before DTEND, reads 班 as an adjusted workday, unfolds long lines, leaves other years out', () => {
    expect(parseIcs(2027, ics)).toEqual({
      holidays: [{ name: '春节', from: '2027-02-06', to: '2027-02-13' }],
      workdays: [{ day: '2027-02-14', name: '春节' }],
      skipped: 1,
      problems: [],
    })
  })
})

describe('an entered year in the calendar', () => {
  afterEach(() => installEnteredYears([]))

  it('wins over the provisional rules, and the care greeting follows the notice where the two differ', () => {
    expect(careDatesOfYear(2027).find((d) => d.key === 'mid_autumn')?.day).toBe('2027-09-15')
    installEnteredYears([
      {
        year: 2027,
        version: 1,
        holidays: [
          { name: '春节', from: '2027-02-06', to: '2027-02-13' },
          { name: '中秋节', from: '2027-09-16', to: '2027-09-16' },
        ],
        workdays: [{ day: '2027-02-14', name: '春节' }],
      },
    ])
    expect(isWorkingDay('2027-02-14')).toEqual({ working: true, provisional: false })
    expect(isWorkingDay('2027-09-15')).toEqual({ working: true, provisional: false })
    const dates = careDatesOfYear(2027)
    expect(dates.find((d) => d.key === 'spring_festival')?.day).toBe('2027-02-06') // inside the notice's 春节: unchanged
    expect(dates.find((d) => d.key === 'mid_autumn')?.day).toBe('2027-09-16') // the notice differs: its day
    installEnteredYears([])
    expect(careDatesOfYear(2027).find((d) => d.key === 'mid_autumn')?.day).toBe('2027-09-15')
    expect(isWorkingDay('2027-02-14')).toEqual({ working: false, provisional: true })
  })
})
