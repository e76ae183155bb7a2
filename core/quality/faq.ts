/**
 * The answers supervisors added to "what customers ask most" (热点问题 → 添加回答): the bot gives
 * one when it would otherwise not understand a message that asks the same thing.
 */
import type { Deps } from '../../platform/deps.ts'
import { normalizeForGrouping, similarity } from './grouping.ts'
import { suggestionModel } from './suggestions.ts'

/**
 * Close enough to answer: the same question in other words (医保卡能刷吗 ~ 可以刷医保卡吗 0.46,
 * ~ 医保卡能用吗 0.65), not a question on a neighbouring topic (~ 医保报销比例多少 0.20).
 */
const SAME_QUESTION = 0.45
const MAX_ANSWERS = 500

interface QuickReplyDoc {
  _id: string
  text: string
  answer?: string | null
}

export async function faqAnswer({ db }: Pick<Deps, 'db'>, text: string): Promise<string | null> {
  const Suggestion = suggestionModel(db)
  const exact = await Suggestion.findById(`quick_reply:${normalizeForGrouping(text)}`).lean<QuickReplyDoc>()
  if (exact?.answer) return exact.answer
  // A clinic has tens of these, not thousands: compare with each.
  const all = await Suggestion.find({ kind: 'quick_reply' }, { text: 1, answer: 1 }).limit(MAX_ANSWERS).lean<QuickReplyDoc[]>()
  let best: { answer: string; score: number } | null = null
  for (const doc of all) {
    if (!doc.answer) continue
    const score = similarity(text, doc.text)
    if (score >= SAME_QUESTION && score > (best?.score ?? 0)) best = { answer: doc.answer, score }
  }
  return best?.answer ?? null
}
