import { describe, expect, it } from 'vitest'
import { readAnswer } from '../../bot/dialogs/survey-answers.ts'
import type { Question } from '../../core/surveys/model.ts'
import { isProblemComment } from '../../core/surveys/sentiment.ts'

const score: Question = { id: 'q1', kind: 'score', text: '总体满意吗？' }
const choice: Question = { id: 'q3', kind: 'choice', text: '渠道？', options: [{ id: 'o1', label: '朋友推荐' }, { id: 'o2', label: '网络搜索' }, { id: 'o3', label: '路过看到' }] }
const comment: Question = { id: 'q4', kind: 'text', text: '建议？' }

describe('reading a chat reply as a survey answer', () => {
  it.each([
    ['5', 5], ['5分', 5], ['５分', 5], ['五星', 5], ['给4分吧', 4], ['⭐⭐⭐', 3], ['两分', 2],
    ['非常满意！', 5], ['满意', 4], ['一般', 3], ['还行吧', 3], ['不满意', 2], ['不太满意', 2], ['很差', 1], ['非常不满意', 1],
    ['👍', 5], ['😊', 4], ['😡', 1], ['👎', 2], ['[强]', 5], ['[微笑]', 4], ['[发怒]', 1],
  ])('"%s" is a score of %i', (text, expected) => {
    expect(readAnswer(score, text)).toMatchObject({ kind: 'answer', bare: true, score: expected })
  })

  it('a score inside a sentence is read, and marked as not the whole message', () => {
    expect(readAnswer(score, '医生很耐心，给5分')).toEqual({ kind: 'answer', bare: false, score: 5 })
    expect(readAnswer(score, '整体还是很满意的，谢谢')).toEqual({ kind: 'answer', bare: false, score: 5 })
  })

  it.each(['10分', '0', '6', '好的', '你们几点开门'])('"%s" is not a 1–5 score', (text) => {
    expect(readAnswer(score, text)).toEqual({ kind: 'none' })
  })

  it.each(['跳过', '跳过吧', '下一题', '不想回答'])('"%s" skips the question', (text) => {
    expect(readAnswer(score, text)).toEqual({ kind: 'skip' })
    expect(readAnswer(comment, text)).toEqual({ kind: 'skip' })
  })

  it('an option is chosen by its number, letter or label', () => {
    expect(readAnswer(choice, '2')).toEqual({ kind: 'answer', bare: true, choice: 'o2' })
    expect(readAnswer(choice, '选3')).toEqual({ kind: 'answer', bare: true, choice: 'o3' })
    expect(readAnswer(choice, 'a')).toEqual({ kind: 'answer', bare: true, choice: 'o1' })
    expect(readAnswer(choice, '朋友推荐')).toEqual({ kind: 'answer', bare: true, choice: 'o1' })
    expect(readAnswer(choice, '是朋友推荐的')).toEqual({ kind: 'answer', bare: false, choice: 'o1' })
    expect(readAnswer(choice, '4')).toEqual({ kind: 'none' })
  })

  it('the open question takes the message as written', () => {
    expect(readAnswer(comment, '  希望停车方便一点  ')).toEqual({ kind: 'answer', bare: true, text: '希望停车方便一点' })
  })
})

describe('telling a comment that describes a problem', () => {
  it.each(['前台态度很差，等了很久', '收费太贵了，还一直推销', '术后眼睛红肿，有点不舒服', '停车不太方便', '😡'])('"%s" describes a problem', (text) => {
    expect(isProblemComment(text)).toBe(true)
  })

  it.each(['没有', '没有问题', '都挺好的', '医生讲得很清楚，没有什么不适', '环境很好，护士很温柔', '一点都不疼'])('"%s" does not', (text) => {
    expect(isProblemComment(text)).toBe(false)
  })
})
