import { readFileSync } from 'node:fs'
import { SEED_CLINICS } from '../../core/clinics/seed.ts'
import { isIntent, type ClinicRef, type Intent } from '../../core/nlu/intents.ts'
import { normalize } from './normalize.ts'

export interface Example {
  text: string
  intent: Intent
}

export const TRAINING_DATA = new URL('./data/train.jsonl', import.meta.url)
export const DEVELOPMENT_DATA = new URL('./data/dev.jsonl', import.meta.url)
/** Held out: written before the model was last changed, never trained on nor used to tune rules. */
export const FRESH_DATA = new URL('./data/fresh.jsonl', import.meta.url)

/** The clinics the evaluation lines speak of (the sandbox's), given as the bot gives them: with their short names. */
export const EVALUATION_CLINICS: ClinicRef[] = SEED_CLINICS.map((c) => ({ code: c.code, name: c.name, aliases: c.shortName ? [c.shortName] : [] }))

/** Labelled lines `{"text": "...", "intent": "..."}`, one per line; blank lines are skipped. */
export function readExamples(file: URL | string): Example[] {
  const examples: Example[] = []
  readFileSync(file, 'utf8').split('\n').forEach((line, index) => {
    if (!line.trim()) return
    const where = `${String(file)}:${index + 1}`
    let parsed: { text?: unknown; intent?: unknown }
    try {
      parsed = JSON.parse(line)
    } catch {
      throw new Error(`${where}: not JSON`)
    }
    if (typeof parsed.text !== 'string' || !parsed.text.trim()) throw new Error(`${where}: no text`)
    if (!isIntent(parsed.intent)) throw new Error(`${where}: unknown intent ${JSON.stringify(parsed.intent)}`)
    examples.push({ text: parsed.text, intent: parsed.intent })
  })
  return examples
}

function comparable(text: string): string {
  const normalized = normalize(text)
  return normalized.replace(/[^\p{L}\p{N}\p{Extended_Pictographic}]/gu, '') || normalized
}

function bigrams(s: string): Set<string> {
  const chars = [...s]
  const out = new Set<string>()
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1])
  return out
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0
  for (const x of a) if (b.has(x)) shared++
  return shared / (a.size + b.size - shared)
}

/**
 * Pairs of lines that are the same message once punctuation, case and script are ignored, or
 * that share at least `threshold` of their character bigrams.
 */
export function nearDuplicates(a: readonly Example[], b: readonly Example[], threshold = 0.75): Array<[Example, Example]> {
  const bKeys = b.map((example) => {
    const key = comparable(example.text)
    return { example, key, grams: bigrams(key) }
  })
  const pairs: Array<[Example, Example]> = []
  for (const example of a) {
    const key = comparable(example.text)
    const grams = bigrams(key)
    for (const other of bKeys) {
      const same = key === other.key
      const similar = grams.size >= 3 && other.grams.size >= 3 && jaccard(grams, other.grams) >= threshold
      if (same || similar) pairs.push([example, other.example])
    }
  }
  return pairs
}
