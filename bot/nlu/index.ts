import type { NluContext, NluResult, ScoredIntent } from '../../core/nlu/intents.ts'
import type { LlmClassifier } from './llm-nlu.ts'
import { parseLocal } from './local-nlu.ts'

import type { Nlu } from '../../core/nlu/intents.ts'
export type { Nlu, NluSource, ParsedMessage } from '../../core/nlu/intents.ts'

export interface NluOptions {
  /** Asked only when the local result is unsure; null or absent: rules only. */
  llm?: LlmClassifier | null
  /** Local confidence below which the LLM is asked. */
  unsureBelow?: number
}

/**
 * Local understanding first; the LLM only for unsure messages. A local emergency is never sent
 * away, so the model can neither delay nor downgrade it.
 */
export function createNlu({ llm = null, unsureBelow = 0.6 }: NluOptions = {}): Nlu {
  return {
    async parse(text, ctx) {
      const local = parseLocal(text, ctx)
      if (!llm || local.intent === 'emergency' || local.confidence >= unsureBelow) return { ...local, source: 'local' }
      const answer = await llm.classify(text, ctx)
      if (!answer) return { ...local, source: 'local' }

      const { clinic, ...llmSlots } = answer.slots
      const knownClinic = clinic !== undefined && ctx.clinics?.some((c) => c.code === clinic)
      const localRanking: ScoredIntent[] = [{ intent: local.intent, confidence: local.confidence }, ...(local.alternatives ?? [])]
      const alternatives = localRanking.filter((r) => r.intent !== answer.intent)
      return {
        intent: answer.intent,
        confidence: answer.confidence,
        // Local slots are resolved by rule against the real clock and clinic list: they win.
        slots: { ...llmSlots, ...(knownClinic ? { clinic } : {}), ...local.slots },
        ...(alternatives.length ? { alternatives } : {}),
        angry: local.angry,
        offTopic: answer.intent === 'other' && local.offTopic === true,
        source: 'llm',
      }
    },
  }
}

export { INTENTS, isIntent } from '../../core/nlu/intents.ts'
export type { ClinicRef, Intent, NluContext, NluResult, PartOfDay, ScoredIntent, Slots } from '../../core/nlu/intents.ts'
export { parseLocal } from './local-nlu.ts'
export { createLlmClassifier } from './llm-nlu.ts'
export type { LlmClassification, LlmClassifier, LlmClassifierOptions } from './llm-nlu.ts'
export { extractSlots } from './slots.ts'
export { normalize } from './normalize.ts'
