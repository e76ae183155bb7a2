const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 壹: 1, 二: 2, 贰: 2, 两: 2, 俩: 2, 三: 3, 叁: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
}
const SMALL_UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000, k: 1000 }
const TEN_THOUSAND = new Set(['万', '萬', 'w'])

export const CHINESE_NUMERAL_CHARS = '零〇一壹二贰两俩三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万萬'

/**
 * Reads Chinese, Arabic or mixed numerals: 五百 → 500, 两千 → 2000, 一千五 → 1500, 三百五 → 350,
 * 十五 → 15, 1万2 → 12000, 2千 → 2000, 1.5万 → 15000, 二零二六 → 2026. Null when it is not a number.
 */
export function parseChineseNumber(input: string): number | null {
  const tokens = input.trim().match(/\d+(?:\.\d+)?|./gu)
  if (!tokens) return null
  let total = 0
  let section = 0
  let current: number | null = null
  let lastUnit = 0
  let afterUnit = false
  let zeroSeen = false
  for (const token of tokens) {
    if (/^\d/.test(token)) {
      if (current !== null) return null
      current = Number(token)
      afterUnit = false
    } else if (token in DIGITS) {
      const digit = DIGITS[token]
      if (digit === 0 && lastUnit > 0) zeroSeen = true
      // 二零二六: digits read one by one
      current = current === null || afterUnit ? digit : current * 10 + digit
      afterUnit = false
    } else if (token in SMALL_UNITS) {
      const unit = SMALL_UNITS[token]
      section += (current ?? 1) * unit
      current = null
      lastUnit = unit
      afterUnit = true
      zeroSeen = false
    } else if (TEN_THOUSAND.has(token)) {
      total += (section + (current ?? 0) || 1) * 10_000
      section = 0
      current = null
      lastUnit = 10_000
      afterUnit = true
      zeroSeen = false
    } else {
      return null
    }
  }
  if (current !== null) {
    // 一千五 = 1500, 1万2 = 12000: a lone digit right after a unit counts in the next lower unit
    const abbreviated = lastUnit >= 100 && !zeroSeen && current < 10 && Number.isInteger(current) && tokensEndWithSingleDigit(tokens)
    section += abbreviated ? current * (lastUnit / 10) : current
  }
  return total + section
}

function tokensEndWithSingleDigit(tokens: string[]): boolean {
  const last = tokens[tokens.length - 1]
  const beforeLast = tokens[tokens.length - 2]
  return last.length === 1 && beforeLast !== undefined && (beforeLast in SMALL_UNITS || TEN_THOUSAND.has(beforeLast))
}
