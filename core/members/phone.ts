/** A mainland China mobile number as 11 digits, or null; accepts spaces, dashes and a +86 / 0086 prefix. */
export function normalizeMainlandMobile(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '').replace(/^(\+86|0086|86)(?=1\d{10}$)/, '')
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null
}
