import type { Example } from './dataset.ts'
import { INTENTS, type Intent } from '../../core/nlu/intents.ts'
import { emptyScores } from './lexicon.ts'
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
    const first = token.charCodeAt(0)
    out.push(first >= 48 && first <= 57 ? '0' : token)
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

  const index = featureIndex(logLikelihoods)

  return {
    vocabularySize: v,
    probabilities(text) {
      const u = units(normalize(text))
      const rows = index.rowsOf(u, maxN)
      const scale = Math.max(1, u.length)
      const logits = new Float64Array(trained.length)
      for (let i = 0; i < trained.length; i++) {
        let sum = 0
        for (const row of rows) sum += row[i]
        logits[i] = sum / scale
      }
      const max = Math.max(...logits)
      let z = 0
      for (let i = 0; i < trained.length; i++) {
        const e = Math.exp(logits[i] - max)
        logits[i] = e
        z += e
      }
      const result = emptyScores()
      for (let i = 0; i < trained.length; i++) result[trained[i]] = logits[i] / z
      return result
    },
  }
}

interface FeatureIndex {
  /** The rows of the known features among ngramFeatures' features of these units, in ngramFeatures' order. */
  rowsOf(units: readonly string[], maxN: number): Float64Array[]
}

/**
 * The features as paths of unit numbers, so that a message's n-grams are found by integer keys
 * instead of being joined into strings and hashed (most of the per-message time before). A node
 * is a unit (or the ^ and $ markers) or an n-gram; `next` takes (n-gram, unit) to the (n+1)-gram.
 * Units hold no space, so splitting a feature at its spaces gives back exactly its units.
 */
function featureIndex(logLikelihoods: ReadonlyMap<string, Float64Array>): FeatureIndex {
  const unitIds = new Map<string, number>([['^', 0], ['$', 1]])
  for (const feature of logLikelihoods.keys()) {
    for (const unit of feature.split(' ')) if (!unitIds.has(unit)) unitIds.set(unit, unitIds.size)
  }
  const k = unitIds.size
  const next = new Map<number, number>()
  const rowOf: Array<Float64Array | undefined> = new Array(k).fill(undefined)
  for (const [feature, row] of logLikelihoods) {
    const path = feature.split(' ')
    let node = unitIds.get(path[0])!
    for (let j = 1; j < path.length; j++) {
      const key = node * k + unitIds.get(path[j])!
      let child = next.get(key)
      if (child === undefined) {
        child = rowOf.length
        rowOf.push(undefined)
        next.set(key, child)
      }
      node = child
    }
    rowOf[node] = row
  }
  return {
    rowsOf(u, maxN) {
      const rows: Float64Array[] = []
      // the padded sequence ^ u… $ as unit numbers, -1 for a unit never seen in training
      const ids = new Array<number>(u.length + 2)
      ids[0] = 0
      for (let i = 0; i < u.length; i++) {
        const id = unitIds.get(u[i]) ?? -1
        ids[i + 1] = id
        // unigrams are the units alone, without the markers
        const row = id >= 0 ? rowOf[id] : undefined
        if (row) rows.push(row)
      }
      ids[u.length + 1] = 1
      // nodes[i]: the n-gram starting at padded position i, for n = 1, 2, … in turn
      const nodes = ids.slice()
      for (let n = 2; n <= maxN; n++) {
        for (let i = 0; i + n <= ids.length; i++) {
          const prefix = nodes[i]
          const last = ids[i + n - 1]
          const node = prefix < 0 || last < 0 ? -1 : next.get(prefix * k + last) ?? -1
          nodes[i] = node
          const row = node >= 0 ? rowOf[node] : undefined
          if (row) rows.push(row)
        }
      }
      return rows
    },
  }
}
