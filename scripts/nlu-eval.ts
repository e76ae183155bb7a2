// Evaluates the local NLU on the development set: `npm run nlu:eval`.
// Exits 1 when accuracy is below 0.90 or any emergency is missed.
import { DEVELOPMENT_DATA, readExamples } from '../bot/nlu/dataset.ts'
import { evaluate } from '../bot/nlu/evaluate.ts'
import { INTENTS } from '../bot/nlu/intents.ts'
import { parseLocal } from '../bot/nlu/local-nlu.ts'

const MIN_ACCURACY = 0.9
const now = new Date('2026-11-23T10:00:00+08:00')

const examples = readExamples(DEVELOPMENT_DATA)
const started = performance.now()
const confidences: number[] = []
const result = evaluate(examples, (text) => {
  const parsed = parseLocal(text, { now })
  confidences.push(parsed.confidence)
  return parsed
})
const elapsed = performance.now() - started

const pct = (x: number) => `${(x * 100).toFixed(1)}%`
const short = (intent: string) => (intent === 'opt_out' ? intent : intent.split('_')[0])

console.log(`development set: ${examples.length} lines, ${elapsed.toFixed(0)} ms`)
console.log(`accuracy: ${result.correct}/${result.total} = ${pct(result.accuracy)}\n`)

console.log(`${'intent'.padEnd(14)}${'precision'.padStart(10)}${'recall'.padStart(10)}${'F1'.padStart(10)}${'n'.padStart(6)}`)
for (const intent of INTENTS) {
  const f = result.perIntent[intent]
  console.log(`${intent.padEnd(14)}${pct(f.precision).padStart(10)}${pct(f.recall).padStart(10)}${pct(f.f1).padStart(10)}${String(f.support).padStart(6)}`)
}

console.log('\nconfusion (rows: true intent, columns: predicted)')
console.log(' '.repeat(14) + INTENTS.map((i) => short(i).padStart(12)).join(''))
for (const row of INTENTS) {
  console.log(row.padEnd(14) + INTENTS.map((col) => String(result.confusion[row][col] || '.').padStart(12)).join(''))
}

const sure = examples.filter((_, i) => confidences[i] >= 0.8)
const sureWrong = result.errors.filter((e) => e.confidence >= 0.8).length
const unsure = confidences.filter((c) => c < 0.6).length
console.log(`\nconfidence ≥ 0.8: ${sure.length} lines (${pct(sure.length / examples.length)}), ${pct(1 - sureWrong / (sure.length || 1))} right; below 0.6: ${unsure} lines`)

console.log(`\nmisclassified (${result.errors.length}):`)
for (const e of result.errors) {
  console.log(`  [${e.expected} → ${e.predicted} ${e.confidence.toFixed(2)}] ${e.text}`)
}

const missedEmergencies = result.errors.filter((e) => e.expected === 'emergency')
if (result.accuracy < MIN_ACCURACY) console.error(`\nFAIL: accuracy ${pct(result.accuracy)} is below ${pct(MIN_ACCURACY)}`)
if (missedEmergencies.length) console.error(`FAIL: ${missedEmergencies.length} emergencies missed`)
process.exit(result.accuracy < MIN_ACCURACY || missedEmergencies.length ? 1 : 0)
