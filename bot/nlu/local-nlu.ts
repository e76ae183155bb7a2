import { isAngry } from './anger.ts'
import { isChatter } from './chatter.ts'
import { readExamples, TRAINING_DATA, type Example } from './dataset.ts'
import { INTENTS, isIntent, type Intent, type NluContext, type NluResult, type ScoredIntent, type Slots } from '../../core/nlu/intents.ts'
import { emptyScores, lexiconScores, type IntentScores } from './lexicon.ts'
import { trainNgramClassifier, units, type NgramClassifier } from './ngram-classifier.ts'
import { normalize } from './normalize.ts'
import { extractSlots } from './slots.ts'

/** How much the n-gram model's log-probabilities count against the keyword weights (both in nats). */
const NGRAM_WEIGHT = 1.5
/** Keyword score from which an intent counts as named by the message. */
const MIN_KEYWORDS = 2
/** Keyword score from which a second request in the same message is listed among the alternatives. */
const CLEAR_KEYWORD = 5
/** Emergency is chosen from this probability on, even when another intent is more likely, if a symptom is named. */
const EMERGENCY_FLOOR = 0.2
const MIN_EMERGENCY_KEYWORDS = 2
/** An emergency keyword score this high gets EMERGENCY_BOOST more: a clear symptom outweighs whatever else is asked. */
const STRONG_EMERGENCY = 6
const EMERGENCY_BOOST = 6
/** Small talk (jokes, weather, food…) is `other` unless a clear keyword names a real request. */
const CHATTER_WEIGHT = 6
const BARE_CLINIC_UNITS = 8
const BARE_CLINIC_WEIGHT = 4
const ALTERNATIVE_FLOOR = 0.05
const MAX_ALTERNATIVES = 3

let defaultModel: NgramClassifier | undefined

/** The n-gram model trained on bot/nlu/data/train.jsonl (and any examples added since), trained on first use. */
export function defaultNgramClassifier(): NgramClassifier {
  defaultModel ??= trainNgramClassifier(readExamples(TRAINING_DATA))
  return defaultModel
}

/** Trains the default model again on the training file plus these examples (those naming no known intent are left out); answers how many were used. */
export function retrainWithExamples(extra: ReadonlyArray<{ text: string; intent: string }>): number {
  const usable = extra.filter((e): e is Example => isIntent(e.intent))
  defaultModel = trainNgramClassifier([...readExamples(TRAINING_DATA), ...usable])
  return usable.length
}

interface IntentEvidence {
  /** Keyword rules and n-gram model together. */
  combined: Record<Intent, number>
  /** The n-gram model alone. */
  ngram: Record<Intent, number>
  lexicon: IntentScores
}

/** Probability of each intent from the keyword rules and the n-gram model together. */
export function intentEvidence(normalizedText: string, slots: Slots, model: NgramClassifier): IntentEvidence {
  const lexicon = lexiconScores(normalizedText)
  if (isChatter(normalizedText)) lexicon.other += CHATTER_WEIGHT
  // A short message that names a clinic and asks nothing else (锦江眼科, 北京01?) asks about that clinic
  const asksNothingElse = INTENTS.every((intent) => lexicon[intent] < MIN_KEYWORDS)
  if (slots.clinic && asksNothingElse && units(normalizedText).length <= BARE_CLINIC_UNITS) lexicon.clinic_info += BARE_CLINIC_WEIGHT
  if (slots.time) lexicon.appointment += 1.5
  else if (slots.date) lexicon.appointment += 0.75
  if (lexicon.emergency >= STRONG_EMERGENCY) lexicon.emergency += EMERGENCY_BOOST
  const ngram = model.probabilities(normalizedText)
  const logits = INTENTS.map((intent) => NGRAM_WEIGHT * Math.log(ngram[intent] + 1e-6) + lexicon[intent])
  const max = Math.max(...logits)
  const exps = logits.map((l) => Math.exp(l - max))
  const z = exps.reduce((a, b) => a + b, 0)
  const combined = emptyScores()
  INTENTS.forEach((intent, i) => { combined[intent] = exps[i] / z })
  return { combined, ngram, lexicon }
}

const round = (x: number) => Math.round(x * 1000) / 1000

/** Understands a customer message without any network call. */
export function parseLocal(text: string, ctx: NluContext, model: NgramClassifier = defaultNgramClassifier()): NluResult {
  const normalized = normalize(text)
  const slots = extractSlots(text, ctx, normalized)
  if (!normalized) return { intent: 'other', confidence: 0, slots, angry: false, offTopic: false }

  const { combined, ngram, lexicon } = intentEvidence(normalized, slots, model)
  // Without a keyword for it, an intent is only as likely as the n-gram model alone makes it
  const ranked: ScoredIntent[] = INTENTS.map((intent) => ({
    intent,
    confidence: lexicon[intent] >= MIN_KEYWORDS ? combined[intent] : Math.min(combined[intent], ngram[intent]),
  }))
    .sort((a, b) => b.confidence - a.confidence || Number(b.intent === 'other') - Number(a.intent === 'other'))
  // A missed emergency costs far more than a false alarm, as long as some symptom was named
  const emergencyAlarm = combined.emergency >= EMERGENCY_FLOOR && lexicon.emergency >= MIN_EMERGENCY_KEYWORDS
  const top = emergencyAlarm ? { intent: 'emergency' as const, confidence: combined.emergency } : ranked[0]
  // A second request in the same message ("优惠券怎么用？另外积分有多少") gets little of the shared
  // probability; when a clear keyword names it, it is listed with its probability among the rest.
  const rest = ranked.filter((r) => r.intent !== top.intent)
  const restTotal = rest.reduce((sum, r) => sum + r.confidence, 0) || 1
  const alternatives = rest
    .map((r) => (lexicon[r.intent] >= CLEAR_KEYWORD ? { ...r, confidence: Math.max(r.confidence, Math.min(top.confidence, r.confidence / restTotal)) } : r))
    .filter((r) => r.confidence >= ALTERNATIVE_FLOOR)
    .sort((a, b) => b.confidence - a.confidence)
    .slice(0, MAX_ALTERNATIVES)
    .map((r) => ({ intent: r.intent, confidence: round(r.confidence) }))
  return {
    intent: top.intent,
    confidence: round(top.confidence),
    slots,
    ...(alternatives.length ? { alternatives } : {}),
    angry: isAngry(normalized),
    offTopic: top.intent === 'other' && isChatter(normalized),
  }
}
