/** Masking for logs and for staff roles that must not see personal data in full. */

/** 13812345678 → 138****5678 */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return ''
  const digits = phone.replace(/\D/g, '')
  if (digits.length < 7) return '*'.repeat(digits.length)
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`
}

/** 110101199001011234 → 1101**********1234 */
export function maskIdNumber(id: string | null | undefined): string {
  if (!id) return ''
  if (id.length <= 8) return '*'.repeat(id.length)
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`
}

/** A message body shortened for logs: its length and first two characters, never the whole text. */
export function summarizeText(text: string | null | undefined): string {
  if (!text) return '(empty)'
  const chars = [...text]
  return chars.length <= 2 ? `${'*'.repeat(chars.length)} (${chars.length} chars)` : `${chars.slice(0, 2).join('')}… (${chars.length} chars)`
}

/** 王小明 → 王*明, 张三 → 张*: enough for staff to recognise the person in a notice. */
export function maskName(name: string | null | undefined): string {
  const chars = [...(name ?? '').trim()]
  if (chars.length <= 1) return chars.join('')
  if (chars.length === 2) return `${chars[0]}*`
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`
}
