import { describe, expect, it } from 'vitest'
import { CATEGORY_LABELS, proposeCategory } from '../../core/complaints/categories.ts'
import { finesFor, proposeSeverity, SEVERITY_NAMES } from '../../core/complaints/severity.ts'

const yuan = (n: number) => n * 100

describe('severity proposal from the money involved', () => {
  it('no refund or compensation proposes I', () => {
    expect(proposeSeverity(0)).toBe('I')
  })

  it('any amount below 20,000 yuan proposes II', () => {
    expect(proposeSeverity(1)).toBe('II')
    expect(proposeSeverity(yuan(19_999.99))).toBe('II')
  })

  it('20,000 to 50,000 yuan proposes III, both ends included', () => {
    expect(proposeSeverity(yuan(20_000))).toBe('III')
    expect(proposeSeverity(yuan(50_000))).toBe('III')
  })

  it('above 50,000 yuan proposes IV', () => {
    expect(proposeSeverity(yuan(50_000.01))).toBe('IV')
  })

  it('a serious medical or safety accident, or a death, proposes V whatever the amount', () => {
    expect(proposeSeverity(0, { medicalAccident: true })).toBe('V')
    expect(proposeSeverity(yuan(100), { death: true })).toBe('V')
  })

  it('damage to reputation lifts a refund below 20,000 yuan to III, and does nothing without money', () => {
    expect(proposeSeverity(yuan(5_000), { reputationDamage: true })).toBe('III')
    expect(proposeSeverity(0, { reputationDamage: true })).toBe('I')
  })
})

describe('fines per level: responsible person / their supervisor (yuan)', () => {
  it('follow the seed’s table', () => {
    expect((['I', 'II', 'III', 'IV', 'V'] as const).map((level) => [SEVERITY_NAMES[level], finesFor(level)])).toEqual([
      ['I级 书面警告', { responsibleYuan: 50, supervisorYuan: 100 }],
      ['II级 记小过', { responsibleYuan: 200, supervisorYuan: 400 }],
      ['III级 记大过', { responsibleYuan: 300, supervisorYuan: 600 }],
      ['IV级 停职查看', { responsibleYuan: 500, supervisorYuan: 1000 }],
      ['V级 辞退', { responsibleYuan: 1000, supervisorYuan: 2000 }],
    ])
  })
})

describe('category proposal from the complaint’s words', () => {
  it.each([
    ['护士态度很差，还骂人', 'service_attitude'],
    ['前台一直不耐烦', 'service_attitude'],
    ['排队排了两个小时', 'waiting_time'],
    ['等了很久都没人叫号', 'waiting_time'],
    ['多收了我300块钱，要求退款', 'billing_refund'],
    ['价格和之前说的不一样', 'billing_refund'],
    ['术后视力还是模糊，眼睛疼', 'medical_outcome'],
    ['新配的眼镜镜片有划痕', 'product_quality'],
    ['镜框质量太差，一个月就断了', 'product_quality'],
    ['卫生间很脏，停车也找不到位置', 'environment'],
    ['我的病历信息被泄露了', 'privacy'],
    ['我想提个建议', 'other'],
  ])('"%s" → %s', (text, category) => {
    expect(proposeCategory(text)).toBe(category)
  })

  it('has a Chinese label for every category', () => {
    expect(CATEGORY_LABELS).toMatchObject({ service_attitude: '服务态度', product_quality: '产品质量（眼镜、镜片）', other: '其他' })
  })
})
