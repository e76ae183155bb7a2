import { describe, expect, it } from 'vitest'
import { parseLocal } from '../../bot/nlu/local-nlu.ts'
import { normalize } from '../../bot/nlu/normalize.ts'
import { TRADITIONAL_TO_SIMPLIFIED } from '../../bot/nlu/traditional-chars.ts'

const now = new Date('2026-11-23T10:00:00+08:00')

describe('normalize', () => {
  it('turns full-width letters, digits and punctuation into half-width and lower-cases Latin', () => {
    expect(normalize('ＴＤ　１３８！？')).toBe('td 138!?')
    expect(normalize('Coupon还有吗')).toBe('coupon还有吗')
  })

  it('turns traditional characters into simplified ones', () => {
    expect(normalize('預約 優惠券 積分 報告 投訴 醫生 謝謝 眼睛痛')).toBe('预约 优惠券 积分 报告 投诉 医生 谢谢 眼睛痛')
    expect(normalize('術後視力突然下降，臉腫得很厲害')).toBe('术后视力突然下降,脸肿得很厉害')
  })

  it('maps each traditional character to a different, single simplified one', () => {
    expect(TRADITIONAL_TO_SIMPLIFIED.size).toBeGreaterThan(300)
    for (const [traditional, simplified] of TRADITIONAL_TO_SIMPLIFIED) {
      expect([...traditional]).toHaveLength(1)
      expect([...simplified]).toHaveLength(1)
      expect(simplified).not.toBe(traditional)
    }
  })

  it('keeps emoji, which carry meaning', () => {
    expect(normalize('太差了😡')).toBe('太差了😡')
    expect(normalize('👍👍')).toBe('👍👍')
  })

  it('fixes the misspellings customers type most', () => {
    expect(normalize('优惠卷怎么用')).toBe('优惠券怎么用')
    expect(normalize('预越明天')).toBe('预约明天')
    expect(normalize('积份查询')).toBe('积分查询')
  })
})

describe('traditional characters', () => {
  it.each([
    ['預約明天上午洗牙', 'appointment'],
    ['優惠券怎麼用', 'coupon_query'],
    ['我的積分還有多少', 'points_query'],
    ['檢查報告出來了嗎', 'report_query'],
    ['我要投訴你們的醫生', 'complaint'],
    ['謝謝醫生', 'thanks'],
    ['轉人工', 'human_agent'],
    ['退訂', 'opt_out'],
    ['術後眼睛劇痛，看不見了', 'emergency'],
    ['你們週末營業嗎', 'clinic_info'],
  ])('%s is understood as %s', (text, intent) => {
    expect(parseLocal(text, { now }).intent).toBe(intent)
  })
})
