import { describe, expect, it } from 'vitest'
import { EVALUATION_CLINICS } from '../../bot/nlu/dataset.ts'
import { parseLocal } from '../../bot/nlu/local-nlu.ts'

const now = new Date('2026-11-23T10:00:00+08:00')
const clinics = EVALUATION_CLINICS
const parse = (text: string) => parseLocal(text, { now, clinics })

describe('small talk outside the clinic’s business', () => {
  it.each([
    '讲个笑话', '帮我写一首诗', '附近有什么好吃的', '今天天气怎么样', '明天会下雨吗', '推荐个好看的电影', '有什么股票推荐',
    '比特币能买吗', '测试', '测试一下', 'test', '我在开车', '正在开车，晚点说', '你会干什么', '给我唱首歌', '帮我订张机票',
  ])('%s is other, surely, and off topic', (text) => {
    const result = parse(text)
    expect(result).toMatchObject({ intent: 'other', offTopic: true })
    expect(result.confidence).toBeGreaterThanOrEqual(0.8)
  })

  it.each(['近视手术多少钱', '术后多久能看电影', '拔完牙晚上吃什么好', '阿巴阿巴', '嗯'])('%s is not small talk (an unanswered question or gibberish)', (text) => {
    expect(parse(text).offTopic).toBeFalsy()
  })

  it.each([
    ['开车过去有停车位吗', 'clinic_info'],
    ['明天下午预约洗牙', 'appointment'],
    ['积分兑换的礼品快递到了吗', 'points_query'],
    ['我在开车，眼睛突然看不见了', 'emergency'],
  ])('a clinic request with a small-talk word (%s) is still %s', (text, intent) => {
    expect(parse(text)).toMatchObject({ intent, offTopic: false })
  })
})

describe('greetings with extra words', () => {
  it.each(['下午好,打扰一下', '你好，在吗', '您好，我想咨询一下', '早上好，麻烦问下', '医生您好', '晚上好呀，有空吗', '妳好，請問一下'])('%s is a greeting', (text) => {
    const result = parse(text)
    expect(result.intent).toBe('greeting')
    expect(result.confidence).toBeGreaterThanOrEqual(0.8)
  })

  it.each([
    ['你好，我想预约明天上午', 'appointment'],
    ['您好，打扰一下，我的积分有多少', 'points_query'],
    ['下午好，地址在哪', 'clinic_info'],
    ['别再打扰我了', 'opt_out'],
  ])('a greeting that goes on to ask (%s) is that request', (text, intent) => {
    expect(parse(text).intent).toBe(intent)
  })
})

describe('a message that only names a clinic', () => {
  it.each([
    ['北京01', 'BJ01'],
    ['锦江眼科', 'CD01'],
    ['海淀口腔呢', 'BJ02'],
    ['上海的', 'SH01'],
  ])('%s asks about that clinic', (text, code) => {
    expect(parse(text)).toMatchObject({ intent: 'clinic_info', slots: { clinic: code } })
  })
})
