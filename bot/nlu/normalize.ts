import { TRADITIONAL_TO_SIMPLIFIED } from './traditional-chars.ts'

// Misspellings and homophones customers type often enough to matter (after simplification).
const COMMON_MISSPELLINGS: Array<[RegExp, string]> = [
  [/(优惠|代金|抵扣|抵用|现金|满减|新人|体验|领|用)卷/g, '$1券'],
  [/预[越乐悦跃阅]|予约/g, '预约'],
  [/积[份粉]|机分/g, '积分'],
  [/投[述束塑]/g, '投诉'],
  [/退定(?!金)|退丁/g, '退订'],
  [/转人[攻公]/g, '转人工'],
  [/人[攻公]客服/g, '人工客服'],
  [/客付/g, '客服'],
  [/地[止趾]/g, '地址'],
  [/(验光|化验|检验|检查)[但担蛋]/g, '$1单'],
  [/蟹蟹/g, '谢谢'],
  [/甚么/g, '什么'],
  [/神马/g, '什么'],
  [/啥/g, '什么'],
  [/肿么/g, '怎么'],
  [/[再在][码嘛吗么]$|再吗/g, '在吗'],
]

// Most messages need neither fix: one scan answers whether any of them applies. Every mapped character is
// in the basic plane (one UTF-16 unit); a misspelling is fixed only where one of the patterns matches.
const TRADITIONAL = new RegExp(`[${[...TRADITIONAL_TO_SIMPLIFIED.keys()].join('')}]`, 'g')
const ANY_MISSPELLING = new RegExp(COMMON_MISSPELLINGS.map(([pattern]) => `(?:${pattern.source})`).join('|'))

/** By UTF-16 unit: 1 where a traditional character maps to a simplified one (a table look-up is cheaper than a 509-character class). */
const IS_TRADITIONAL = new Uint8Array(0x10000)
for (const ch of TRADITIONAL_TO_SIMPLIFIED.keys()) IS_TRADITIONAL[ch.charCodeAt(0)] = 1

function toSimplified(text: string): string {
  for (let i = 0; i < text.length; i++) {
    if (IS_TRADITIONAL[text.charCodeAt(i)]) return text.replace(TRADITIONAL, (ch) => TRADITIONAL_TO_SIMPLIFIED.get(ch)!)
  }
  return text
}

/**
 * Canonical form for matching: NFKC (full-width → half-width), simplified characters,
 * lower-case Latin, common misspellings fixed, whitespace collapsed. Emoji are kept.
 */
export function normalize(text: string): string {
  let s = toSimplified(text.normalize('NFKC')).toLowerCase()
  if (ANY_MISSPELLING.test(s)) for (const [pattern, replacement] of COMMON_MISSPELLINGS) s = s.replace(pattern, replacement)
  return s
    .replace(/[\u200b-\u200d\ufe0e\ufe0f]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
}
