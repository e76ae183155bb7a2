import { describe, expect, it } from 'vitest'
import { DEVELOPMENT_DATA, nearDuplicates, readExamples, TRAINING_DATA } from '../../bot/nlu/dataset.ts'
import { evaluate } from '../../bot/nlu/evaluate.ts'
import { INTENTS } from '../../core/nlu/intents.ts'
import { parseLocal } from '../../bot/nlu/local-nlu.ts'

const now = new Date('2026-11-23T10:00:00+08:00')
const dev = readExamples(DEVELOPMENT_DATA)
const train = readExamples(TRAINING_DATA)
const result = evaluate(dev, (text) => parseLocal(text, { now }))

describe('development set', () => {
  it('has at least 420 lines and at least 25 for every intent', () => {
    expect(dev.length).toBeGreaterThanOrEqual(420)
    for (const intent of INTENTS) expect(dev.filter((e) => e.intent === intent).length, intent).toBeGreaterThanOrEqual(25)
  })

  it('shares no identical or near-identical line with the training set', () => {
    const overlaps = nearDuplicates(dev, train).map(([d, t]) => `${d.text} ~ ${t.text}`)
    expect(overlaps).toEqual([])
  })

  it('is understood with an accuracy of at least 0.90', () => {
    expect(result.accuracy).toBeGreaterThanOrEqual(0.9)
  })

  it('every emergency in the development set is recognised', () => {
    const missed = result.errors.filter((e) => e.expected === 'emergency').map((e) => `${e.text} → ${e.predicted}`)
    expect(missed).toEqual([])
    expect(result.perIntent.emergency.recall).toBe(1)
  })

  it('answers confidently (≥ 0.8) for most lines, and those answers are nearly always right', () => {
    const confident = dev.map((e) => ({ e, r: parseLocal(e.text, { now }) })).filter(({ r }) => r.confidence >= 0.8)
    const right = confident.filter(({ e, r }) => e.intent === r.intent)
    expect(confident.length / dev.length).toBeGreaterThan(0.8)
    expect(right.length / confident.length).toBeGreaterThanOrEqual(0.97)
  })
})
