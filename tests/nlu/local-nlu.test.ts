import { describe, expect, it } from 'vitest'
import { isAngry } from '../../bot/nlu/anger.ts'
import { readExamples, TRAINING_DATA } from '../../bot/nlu/dataset.ts'
import { parseLocal } from '../../bot/nlu/local-nlu.ts'
import { normalize } from '../../bot/nlu/normalize.ts'
import { trainNgramClassifier } from '../../bot/nlu/ngram-classifier.ts'

const now = new Date('2026-11-23T10:00:00+08:00')
const parse = (text: string) => parseLocal(text, { now, clinics: [{ code: 'BJ01', name: '北京朝阳眼科中心' }] })

describe('local understanding', () => {
  it.each([
    ['我要退订', 'opt_out'],
    ['转人工', 'human_agent'],
    ['优惠券怎么用', 'coupon_query'],
    ['我的积分还有多少', 'points_query'],
    ['明天上午想约洗牙', 'appointment'],
    ['检查报告出来了吗', 'report_query'],
    ['你们地址在哪', 'clinic_info'],
    ['我要投诉你们的医生', 'complaint'],
    ['谢谢', 'thanks'],
    ['你好', 'greeting'],
    ['眼睛突然看不见了', 'emergency'],
    ['近视手术多少钱', 'other'],
  ])('is sure (≥ 0.8) that %s is %s', (text, intent) => {
    const result = parse(text)
    expect(result.intent).toBe(intent)
    expect(result.confidence).toBeGreaterThanOrEqual(0.8)
  })

  it.each(['那个东西怎么弄', '我上次说的那个事', '我妹妹下个月结婚', 'hmm'])('is unsure (< 0.6) about the vague %s', (text) => {
    expect(parse(text).confidence).toBeLessThan(0.6)
  })

  it('answers other with no confidence for an empty message', () => {
    expect(parse('   ')).toMatchObject({ intent: 'other', confidence: 0 })
  })

  it('returns the slots it found with the intent', () => {
    const result = parse('约明天下午三点朝阳店，电话13812345678')
    expect(result.intent).toBe('appointment')
    expect(result.slots).toEqual({ date: '2026-11-24', time: '15:00', partOfDay: 'afternoon', clinic: 'BJ01', phone: '13812345678' })
  })
})

describe('emergencies', () => {
  it.each([
    '做完手术眼睛突然剧痛，你们太不负责了，我要投诉',
    '你们医生态度太差了，而且我术后眼睛一直流血不止',
    '打完玻尿酸鼻子发白发紫，这个优惠活动害死我了',
    '孩子牙被撞掉了，流血，明天能约吗',
    '被化学品溅到眼睛了，转人工',
  ])('wins over the other intents of a message: %s', (text) => {
    expect(parse(text).intent).toBe('emergency')
  })

  it('is raised at a fraction of the probability another intent needs, when a symptom is named', () => {
    const result = parse('眼睛好痛，你们到底管不管')
    expect(result.intent).toBe('emergency')
    expect(result.alternatives?.[0].intent).toBe('complaint')
  })

  it('is not raised for mild after-care questions', () => {
    expect(parse('术后眼睛有点干，正常吗').intent).not.toBe('emergency')
    expect(parse('洗完牙有点出血正常吗').intent).not.toBe('emergency')
    expect(parse('急诊几点开门').intent).not.toBe('emergency')
  })
})

describe('several intents in one message', () => {
  it.each([
    ['优惠券怎么用？另外我的积分有多少', 'coupon_query', 'points_query'],
    ['报告出来了吗？顺便问下地址', 'report_query', 'clinic_info'],
    ['你好，我想预约明天的检查，顺便问下优惠券还能用吗', 'appointment', 'coupon_query'],
  ])('%s: %s first, %s among the alternatives', (text, first, second) => {
    const result = parse(text)
    expect(result.intent).toBe(first)
    expect(result.alternatives?.map((a) => a.intent)).toContain(second)
  })

  it('sorts alternatives by confidence, none above the chosen intent', () => {
    for (const text of ['优惠券怎么用？另外我的积分有多少', '我上次说的那个事', '眼睛好痛，你们到底管不管', '医生在吗']) {
      const result = parse(text)
      const confidences = (result.alternatives ?? []).map((a) => a.confidence)
      expect(confidences).toEqual([...confidences].sort((a, b) => b - a))
      expect((result.alternatives ?? []).map((a) => a.intent)).not.toContain(result.intent)
      if (result.intent !== 'emergency') for (const c of confidences) expect(c).toBeLessThanOrEqual(result.confidence)
    }
  })
})

describe('anger', () => {
  it.each(['气死我了', '你们太差劲了', '垃圾医院', '我要投诉你们', '什么破服务😡', '到底有没有人管!!!', '三次了！！！'])('is heard in %s', (text) => {
    expect(isAngry(normalize(text))).toBe(true)
    expect(parse(text).angry).toBe(true)
  })

  it.each(['你好', '谢谢👍', '想约明天洗牙', '优惠券怎么用!'])('is not heard in %s', (text) => {
    expect(parse(text).angry).toBe(false)
  })
})

describe('n-gram model', () => {
  it('trains on the training set in well under a second', () => {
    const examples = readExamples(TRAINING_DATA)
    expect(examples.length).toBeGreaterThanOrEqual(500)
    const started = performance.now()
    trainNgramClassifier(examples)
    expect(performance.now() - started).toBeLessThan(500)
  })

  it('learns intents from the examples it is given, tolerating unseen words', () => {
    const model = trainNgramClassifier([
      { text: '我想预约明天', intent: 'appointment' },
      { text: '帮我约个时间', intent: 'appointment' },
      { text: '优惠券怎么用', intent: 'coupon_query' },
      { text: '有什么优惠', intent: 'coupon_query' },
    ])
    const p = model.probabilities('预约后天可以吗')
    expect(p.appointment).toBeGreaterThan(p.coupon_query)
    const q = model.probabilities('优惠券还有吗')
    expect(q.coupon_query).toBeGreaterThan(q.appointment)
    const sum = Object.values(q).reduce((a, b) => a + b, 0)
    expect(sum).toBeCloseTo(1, 6)
  })
})
