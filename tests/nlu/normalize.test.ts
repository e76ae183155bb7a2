import { describe, expect, it } from 'vitest'
import { parseLocal } from '../../bot/nlu/local-nlu.ts'
import { normalize } from '../../bot/nlu/normalize.ts'
import { TRADITIONAL_TO_SIMPLIFIED } from '../../bot/nlu/traditional-chars.ts'

const now = new Date('2026-11-23T10:00:00+08:00')

describe('normalize', () => {
  it.each([
    [
      'turns full-width letters, digits and punctuation into half-width and lower-cases Latin',
      [
        ['ＴＤ　１３８！？', 'td 138!?'],
        ['Coupon还有吗', 'coupon还有吗'],
      ],
    ],
    [
      'turns traditional characters into simplified ones',
      [
        ['預約 優惠券 積分 報告 投訴 醫生 謝謝 眼睛痛', '预约 优惠券 积分 报告 投诉 医生 谢谢 眼睛痛'],
        ['術後視力突然下降，臉腫得很厲害', '术后视力突然下降,脸肿得很厉害'],
      ],
    ],
    [
      'keeps emoji, which carry meaning',
      [
        ['太差了😡', '太差了😡'],
        ['👍👍', '👍👍'],
      ],
    ],
    [
      'fixes the misspellings customers type most',
      [
        ['优惠卷怎么用', '优惠券怎么用'],
        ['预越明天', '预约明天'],
        ['积份查询', '积分查询'],
      ],
    ],
  ] as const)('%s', (_rule, cases) => {
    for (const [text, normalized] of cases) expect(normalize(text), text).toBe(normalized)
  })

  it('maps each traditional character to a different, single simplified one', () => {
    expect(TRADITIONAL_TO_SIMPLIFIED.size).toBeGreaterThan(300)
    for (const [traditional, simplified] of TRADITIONAL_TO_SIMPLIFIED) {
      expect([...traditional]).toHaveLength(1)
      expect([...simplified]).toHaveLength(1)
      expect(simplified).not.toBe(traditional)
    }
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
