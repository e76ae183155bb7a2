import { describe, expect, it } from 'vitest'
import { DEVELOPMENT_DATA, EVALUATION_CLINICS, FRESH_DATA, nearDuplicates, readExamples, TRAINING_DATA } from '../../bot/nlu/dataset.ts'
import { evaluate } from '../../bot/nlu/evaluate.ts'
import { INTENTS } from '../../core/nlu/intents.ts'
import { parseLocal } from '../../bot/nlu/local-nlu.ts'

const now = new Date('2026-11-23T10:00:00+08:00')
const clinics = EVALUATION_CLINICS
const fresh = readExamples(FRESH_DATA)
const result = evaluate(fresh, (text) => parseLocal(text, { now, clinics }))

// The held-out set: measured here and by `npm run nlu:eval`, never trained on nor used to tune rules.
describe('fresh set', () => {
  it('has at least 300 lines and at least 20 for every intent', () => {
    expect(fresh.length).toBeGreaterThanOrEqual(300)
    for (const intent of INTENTS) expect(fresh.filter((e) => e.intent === intent).length, intent).toBeGreaterThanOrEqual(20)
  })

  it('shares no identical or near-identical line with the training set or the development set', () => {
    const overlaps = [...nearDuplicates(fresh, readExamples(TRAINING_DATA)), ...nearDuplicates(fresh, readExamples(DEVELOPMENT_DATA))].map(([f, o]) => `${f.text} ~ ${o.text}`)
    expect(overlaps).toEqual([])
  })

  it('is understood with an accuracy of at least 0.95', () => {
    expect(result.accuracy).toBeGreaterThanOrEqual(0.95)
  })

  it('every emergency in it is recognised, and at most 1 % of the other lines is taken for one', () => {
    expect(result.errors.filter((e) => e.expected === 'emergency').map((e) => `${e.text} → ${e.predicted}`)).toEqual([])
    expect(result.emergencyRecall).toBe(1)
    expect(result.falseEmergencyRate).toBeLessThanOrEqual(0.01)
  })
})
