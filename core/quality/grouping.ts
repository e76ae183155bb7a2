/**
 * Groups of similar messages, by character n-grams (the features of the bot's local model,
 * bot/nlu/ngram-classifier.ts: Chinese has no spaces, and 1–2 character grams carry the words).
 */
const SIMILAR_FROM = 0.4

/** Lower case, full-width folded, punctuation, emoji and spaces dropped. */
export const normalizeForGrouping = (text: string) => text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')

function vector(text: string): Map<string, number> {
  const chars = [...normalizeForGrouping(text)]
  const grams = new Map<string, number>()
  for (let n = 1; n <= 2; n++) for (let i = 0; i + n <= chars.length; i++) {
    const gram = chars.slice(i, i + n).join('')
    grams.set(gram, (grams.get(gram) ?? 0) + n) // bigrams weigh more: they are the words
  }
  return grams
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0
  for (const [gram, w] of a) dot += w * (b.get(gram) ?? 0)
  const norm = (v: Map<string, number>) => Math.sqrt([...v.values()].reduce((s, w) => s + w * w, 0))
  return dot ? dot / (norm(a) * norm(b)) : 0
}

/** How alike two messages are, 0–1 (the same measure the groups use). */
export const similarity = (a: string, b: string) => cosine(vector(a), vector(b))

export interface MessageGroup {
  /** The most frequent text of the group. */
  label: string
  count: number
  examples: string[]
}

/** Greedy single pass, most frequent texts first, each joining the group whose first text it is closest to. */
export function groupSimilar(texts: readonly string[], maxExamples = 5): MessageGroup[] {
  const counts = new Map<string, { text: string; count: number }>()
  for (const text of texts) {
    const key = normalizeForGrouping(text)
    if (!key) continue
    const entry = counts.get(key) ?? counts.set(key, { text: text.trim(), count: 0 }).get(key)!
    entry.count++
  }
  const groups: Array<{ centre: Map<string, number>; label: string; count: number; examples: string[] }> = []
  for (const { text, count } of [...counts.values()].sort((a, b) => b.count - a.count)) {
    const v = vector(text)
    let best: (typeof groups)[number] | null = null
    let bestScore = SIMILAR_FROM
    for (const group of groups) {
      const score = cosine(v, group.centre)
      if (score >= bestScore) [best, bestScore] = [group, score]
    }
    if (best) {
      best.count += count
      if (best.examples.length < maxExamples) best.examples.push(text)
    } else groups.push({ centre: v, label: text, count, examples: [text] })
  }
  return groups.map(({ label, count, examples }) => ({ label, count, examples })).sort((a, b) => b.count - a.count)
}
