import { DEVELOPMENT_DATA, EVALUATION_CLINICS, FRESH_DATA, readExamples } from '../../bot/nlu/dataset.ts'
import { parseLocal } from '../../bot/nlu/local-nlu.ts'
import type { BenchContext } from '../context.ts'
import type { Measured } from '../harness.ts'

/** Intent classification with the local model on this (single-threaded) process: one core. */
export async function nluRate(ctx: BenchContext): Promise<Measured> {
  const lines = [...readExamples(DEVELOPMENT_DATA), ...readExamples(FRESH_DATA)].map((e) => e.text)
  const nluContext = { now: new Date('2026-11-23T10:00:00+08:00'), clinics: EVALUATION_CLINICS }
  for (const text of lines) parseLocal(text, nluContext) // warm-up: the model loads and the JIT settles
  const utterances = ctx.size(50_000, 5_000)
  const started = performance.now()
  for (let i = 0; i < utterances; i++) parseLocal(lines[i % lines.length], nluContext)
  const seconds = (performance.now() - started) / 1000
  return { value: utterances / seconds, unit: 'utterances/s', note: `${utterances.toLocaleString('en')} parses of the ${lines.length} dev and fresh lines` }
}
