import type { Example } from './dataset.ts'
import { INTENTS, type Intent } from '../../core/nlu/intents.ts'

export interface IntentFigures {
  precision: number
  recall: number
  f1: number
  support: number
}

export interface Misclassified {
  text: string
  expected: Intent
  predicted: Intent
  confidence: number
}

export interface Evaluation {
  total: number
  correct: number
  accuracy: number
  perIntent: Record<Intent, IntentFigures>
  /** confusion[expected][predicted] = count */
  confusion: Record<Intent, Record<Intent, number>>
  errors: Misclassified[]
  /** Share of the emergencies recognised as such (must be 1). */
  emergencyRecall: number
  /** Share of the lines that are not emergencies answered as one. */
  falseEmergencyRate: number
}

export function evaluate(examples: readonly Example[], classify: (text: string) => { intent: Intent; confidence: number }): Evaluation {
  const confusion = Object.fromEntries(
    INTENTS.map((row) => [row, Object.fromEntries(INTENTS.map((col) => [col, 0]))]),
  ) as Record<Intent, Record<Intent, number>>
  const errors: Misclassified[] = []
  for (const { text, intent: expected } of examples) {
    const { intent: predicted, confidence } = classify(text)
    confusion[expected][predicted]++
    if (predicted !== expected) errors.push({ text, expected, predicted, confidence })
  }
  const perIntent = {} as Record<Intent, IntentFigures>
  for (const intent of INTENTS) {
    const tp = confusion[intent][intent]
    const support = INTENTS.reduce((n, col) => n + confusion[intent][col], 0)
    const predicted = INTENTS.reduce((n, row) => n + confusion[row][intent], 0)
    const precision = predicted ? tp / predicted : 0
    const recall = support ? tp / support : 0
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0
    perIntent[intent] = { precision, recall, f1, support }
  }
  const total = examples.length
  const correct = total - errors.length
  const notEmergencies = total - perIntent.emergency.support
  const falseEmergencies = INTENTS.reduce((n, row) => n + (row === 'emergency' ? 0 : confusion[row].emergency), 0)
  return {
    total,
    correct,
    accuracy: total ? correct / total : 0,
    perIntent,
    confusion,
    errors,
    emergencyRecall: perIntent.emergency.support ? perIntent.emergency.recall : 1,
    falseEmergencyRate: notEmergencies ? falseEmergencies / notEmergencies : 0,
  }
}
