import { describe, expect, it } from 'vitest'
import { parseChineseNumber } from '../../bot/nlu/chinese-number.ts'
import type { ClinicRef } from '../../core/nlu/intents.ts'
import { extractSlots } from '../../bot/nlu/slots.ts'

// A Monday
const now = new Date('2026-11-23T10:00:00+08:00')
const clinics: ClinicRef[] = [
  { code: 'BJ01', name: '北京朝阳眼科中心' },
  { code: 'BJ02', name: '北京海淀口腔医院' },
  { code: 'SH01', name: '上海静安医疗美容门诊部', aliases: ['静安医美'] },
]
const slots = (text: string, at = now) => extractSlots(text, { now: at, clinics })

describe('dates are resolved against now in Asia/Shanghai', () => {
  it.each([
    ['今天', '2026-11-23'],
    ['明天', '2026-11-24'],
    ['后天', '2026-11-25'],
    ['大后天', '2026-11-26'],
    ['周五', '2026-11-27'],
    ['星期天', '2026-11-29'],
    ['这周三', '2026-11-25'],
    ['下周三', '2026-12-02'],
    ['下礼拜一', '2026-11-30'],
    ['11月25日', '2026-11-25'],
    ['11月28号下午', '2026-11-28'],
    ['11.25', '2026-11-25'],
    ['12/3', '2026-12-03'],
    ['十二月三号', '2026-12-03'],
    ['2026年12月3日', '2026-12-03'],
    ['下个月3号', '2026-12-03'],
    ['25号', '2026-11-25'],
    ['两天后', '2026-11-25'],
  ])('%s → %s', (text, date) => {
    expect(slots(text).date).toBe(date)
  })

  it('takes a month and day that have passed this year as next year', () => {
    expect(slots('1月5号').date).toBe('2027-01-05')
    expect(slots('11月20日').date).toBe('2027-11-20')
  })

  it('takes a bare weekday that is today as the one next week', () => {
    expect(slots('周一').date).toBe('2026-11-30')
  })

  it('uses the Shanghai calendar day, not the UTC one', () => {
    // 01:00 on the 23rd in Shanghai is still the 22nd in UTC
    expect(slots('今天', new Date('2026-11-22T17:00:00Z')).date).toBe('2026-11-23')
    expect(slots('明天', new Date('2026-11-23T23:30:00+08:00')).date).toBe('2026-11-24')
  })

  it('moves to the next day at midnight in Shanghai, one message after another', () => {
    expect(slots('今天', new Date('2026-11-23T23:59:59.999+08:00')).date).toBe('2026-11-23')
    expect(slots('今天', new Date('2026-11-24T00:00:00+08:00')).date).toBe('2026-11-24')
    expect(slots('今天', new Date('2026-11-23T23:59:59.999+08:00')).date).toBe('2026-11-23')
  })

  it('does not read numbers that are not dates as dates', () => {
    expect(slots('视力4.8').date).toBeUndefined()
    expect(slots('坐地铁10号线').date).toBeUndefined()
    expect(slots('11.25元').date).toBeUndefined()
    expect(slots('能不能不要每周五都发').date).toBeUndefined()
  })
})

describe('times of day', () => {
  it.each([
    ['下午三点半', '15:30', 'afternoon'],
    ['15:30', '15:30', undefined],
    ['上午10点', '10:00', 'morning'],
    ['晚上8点', '20:00', 'evening'],
    ['中午12点', '12:00', 'noon'],
    ['明早8点半', '08:30', 'morning'],
    ['下午3点15分', '15:15', 'afternoon'],
    ['3pm', '15:00', 'afternoon'],
  ])('%s → %s', (text, time, partOfDay) => {
    const s = slots(text)
    expect(s.time).toBe(time)
    expect(s.partOfDay).toBe(partOfDay)
  })

  it('reads 1 to 7 o\'clock without a part of day as the afternoon, when clinics are open', () => {
    expect(slots('3点').time).toBe('15:00')
    expect(slots('9点').time).toBe('09:00')
  })

  it('gives a part of day alone when no hour is named', () => {
    expect(slots('明天下午')).toMatchObject({ date: '2026-11-24', partOfDay: 'afternoon' })
    expect(slots('明天下午').time).toBeUndefined()
  })

  it('does not take 一点 meaning "a little" for one o\'clock', () => {
    expect(slots('能快一点吗').time).toBeUndefined()
    expect(slots('下午一点').time).toBe('13:00')
  })

  it('reads date and time together', () => {
    expect(slots('能不能约11月28号下午三点')).toMatchObject({ date: '2026-11-28', time: '15:00', partOfDay: 'afternoon' })
    expect(slots('下周一下午三点半')).toMatchObject({ date: '2026-11-30', time: '15:30' })
  })
})

describe('phone numbers', () => {
  it.each([
    ['电话13812345678', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['手机：138-1234-5678', '13812345678'],
    ['+86 139 1234 5678', '13912345678'],
  ])('%s → %s', (text, phone) => {
    expect(slots(text).phone).toBe(phone)
  })

  it('ignores numbers that are not mainland mobiles', () => {
    expect(slots('12345678901').phone).toBeUndefined()
    expect(slots('1381234567').phone).toBeUndefined()
    expect(slots('010-12345678').phone).toBeUndefined()
  })
})

describe('complaint case numbers', () => {
  it('reads clinic code, year, month and sequence, in upper case', () => {
    expect(slots('我的投诉单号BJ0120261103，进度怎么样').caseNumber).toBe('BJ0120261103')
    expect(slots('bj0120261103').caseNumber).toBe('BJ0120261103')
    expect(slots('SH01202612123').caseNumber).toBe('SH01202612123')
  })

  it('names the clinic of the case and reads none of its digits as a date or phone', () => {
    const s = slots('单号BJ0120261103')
    expect(s.clinic).toBe('BJ01')
    expect(s.date).toBeUndefined()
    expect(s.phone).toBeUndefined()
  })

  it('rejects a month that does not exist', () => {
    expect(slots('BJ0120261303').caseNumber).toBeUndefined()
  })
})

describe('amounts in yuan', () => {
  it.each([
    ['多收了500元', 500],
    ['500块', 500],
    ['¥500', 500],
    ['￥1,200', 1200],
    ['五百块', 500],
    ['两千元', 2000],
    ['花了两万块', 20000],
    ['一千五百元', 1500],
    ['1.5万元', 15000],
    ['300多块', 300],
    ['一块钱', 1],
  ])('%s → %d', (text, amount) => {
    expect(slots(text).amount).toBe(amount)
  })

  it('does not read 一块 meaning "together" as money', () => {
    expect(slots('我们一块去').amount).toBeUndefined()
  })
})

describe('clinics', () => {
  it.each([
    ['朝阳店怎么走', 'BJ01'],
    ['北京朝阳眼科中心在哪', 'BJ01'],
    ['海淀那家几点关门', 'BJ02'],
    ['BJ02有停车场吗', 'BJ02'],
    ['静安医美', 'SH01'],
    ['上海静安那家', 'SH01'],
  ])('%s → %s', (text, code) => {
    expect(slots(text).clinic).toBe(code)
  })

  it.each([
    ['约北京01周六上午', 'BJ01'],
    ['北京 02 明天下午3点', 'BJ02'],
    ['bj-02有停车场吗', 'BJ02'],
    ['BJ 01', 'BJ01'],
    ['北京1号店', 'BJ01'],
    ['上海01', 'SH01'],
    ['上海那边有店吗', 'SH01'],
    ['我在上海，想约北京01', 'BJ01'],
  ])('reads the code, also as city and number, and a city with one clinic: %s → %s', (text, code) => {
    expect(slots(text).clinic).toBe(code)
  })

  it('reads neither a count after a city nor a longer number as a clinic code', () => {
    expect(slots('我在北京1个月了').clinic).toBeUndefined()
    expect(slots('北京012').clinic).toBeUndefined()
  })

  it('reads no date or time from the digits of a clinic code', () => {
    expect(slots('北京02')).toEqual({ clinic: 'BJ02' })
    expect(slots('约北京01明天上午10点')).toEqual({ clinic: 'BJ01', date: '2026-11-24', time: '10:00', partOfDay: 'morning' })
  })

  it('names no clinic from a part several clinics share', () => {
    expect(slots('北京的店在哪').clinic).toBeUndefined()
  })

  it('tells two clinics of one district apart by their speciality', () => {
    const twoInChaoyang: ClinicRef[] = [
      { code: 'BJ01', name: '北京朝阳眼科中心' },
      { code: 'BJ03', name: '北京朝阳口腔中心' },
    ]
    expect(extractSlots('朝阳口腔几点开门', { now, clinics: twoInChaoyang }).clinic).toBe('BJ03')
    expect(extractSlots('朝阳那家', { now, clinics: twoInChaoyang }).clinic).toBeUndefined()
  })
})

describe('Chinese numerals', () => {
  it.each([
    ['五百', 500],
    ['两千', 2000],
    ['一千五', 1500],
    ['三百五', 350],
    ['十五', 15],
    ['二十', 20],
    ['一千零五', 1005],
    ['两万五千', 25000],
    ['1万2', 12000],
    ['二零二六', 2026],
  ])('%s = %d', (text, value) => {
    expect(parseChineseNumber(text)).toBe(value)
  })

  it('answers null for what is not a number', () => {
    expect(parseChineseNumber('几')).toBeNull()
    expect(parseChineseNumber('')).toBeNull()
  })
})
