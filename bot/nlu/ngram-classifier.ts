import type { Example } from './dataset.ts'
import { INTENTS, type Intent } from '../../core/nlu/intents.ts'
import { normalize } from './normalize.ts'

export interface NgramOptions {
  /** Longest n-gram, in units (a Chinese character, a Latin word, a number, an emoji). */
  maxN?: number
  /** Additive smoothing. */
  alpha?: number
}

export interface NgramClassifier {
  /** Posterior probability of each intent, summing to 1. */
  probabilities(text: string): Record<Intent, number>
  readonly vocabularySize: number
}

/** Units of a message: Chinese characters, Latin words, numbers (as one symbol) and emoji; punctuation but ? and ! dropped. */
export function units(normalizedText: string): string[] {
  const out: string[] = []
  for (const [token] of normalizedText.matchAll(/[a-z]+|\d+(?:\.\d+)?|[?!]|\p{Extended_Pictographic}|\p{L}/gu)) {
    out.push(/^\d/.test(token) ? '0' : token)
  }
  return out
}

/** Character n-grams 1..maxN over the units, with start and end markers for the longer ones. */
export function ngramFeatures(normalizedText: string, maxN = 3): string[] {
  const u = units(normalizedText)
  const features = [...u]
  const padded = ['^', ...u, '$']
  for (let n = 2; n <= maxN; n++) {
    for (let i = 0; i + n <= padded.length; i++) features.push(padded.slice(i, i + n).join(' '))
  }
  return features
}

/**
 * Multinomial naive Bayes over character n-grams, uniform priors. Overlapping n-grams are far
 * from independent, so the summed log-likelihood is divided by the number of units before the
 * softmax; otherwise every long message would get a near-certain posterior.
 */
export function trainNgramClassifier(examples: readonly Example[], options: NgramOptions = {}): NgramClassifier {
  const maxN = options.maxN ?? 3
  const alpha = options.alpha ?? 0.3
  const counts = new Map<Intent, Map<string, number>>(INTENTS.map((intent) => [intent, new Map()]))
  const totals = new Map<Intent, number>(INTENTS.map((intent) => [intent, 0]))
  const vocabulary = new Set<string>()
  for (const { text, intent } of examples) {
    const classCounts = counts.get(intent)!
    for (const feature of ngramFeatures(normalize(text), maxN)) {
      classCounts.set(feature, (classCounts.get(feature) ?? 0) + 1)
      totals.set(intent, totals.get(intent)! + 1)
      vocabulary.add(feature)
    }
  }
  const trained = INTENTS.filter((intent) => totals.get(intent)! > 0)
  const v = vocabulary.size
  // Each feature's log-likelihood per trained intent, computed once here rather than per message
  // (the same terms, summed in the same order, so the same result).
  const denominators = trained.map((intent) => Math.log(totals.get(intent)! + alpha * v))
  const logLikelihoods = new Map<string, Float64Array>()
  for (const feature of vocabulary) {
    logLikelihoods.set(feature, Float64Array.from(trained, (intent, i) => Math.log((counts.get(intent)!.get(feature) ?? 0) + alpha) - denominators[i]))
  }

  return {
    vocabularySize: v,
    probabilities(text) {
      const normalized = normalize(text)
      const rows: Float64Array[] = []
      for (const feature of ngramFeatures(normalized, maxN)) {
        const row = logLikelihoods.get(feature)
        if (row) rows.push(row)
      }
      const scale = Math.max(1, units(normalized).length)
      const logits = new Map<Intent, number>()
      trained.forEach((intent, i) => {
        let sum = 0
        for (const row of rows) sum += row[i]
        logits.set(intent, sum / scale)
      })
      const max = Math.max(...logits.values())
      let z = 0
      for (const [intent, logit] of logits) {
        const e = Math.exp(logit - max)
        logits.set(intent, e)
        z += e
      }
      const result = Object.fromEntries(INTENTS.map((intent) => [intent, 0])) as Record<Intent, number>
      for (const [intent, e] of logits) result[intent] = e / z
      return result
    },
  }
}
