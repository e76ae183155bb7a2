import { randomInt } from 'node:crypto'

/** Read out at the counter: no 0/O or 1/I/L to confuse. 31⁸ ≈ 8.5 × 10¹¹ codes, drawn with a CSPRNG. */
export const COUPON_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
export const COUPON_CODE_LENGTH = 8
const VALID = new RegExp(`^[${COUPON_CODE_ALPHABET}]{${COUPON_CODE_LENGTH}}$`)

/** Stored form: 8 characters, no dash. */
export function generateCouponCode(): string {
  let code = ''
  for (let i = 0; i < COUPON_CODE_LENGTH; i++) code += COUPON_CODE_ALPHABET[randomInt(COUPON_CODE_ALPHABET.length)]
  return code
}

/** Display form: `XXXX-XXXX`. */
export function formatCouponCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`
}

/** The stored form of what staff typed (any case, with or without dash or spaces), or null if it cannot be a code. */
export function normalizeCouponCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '')
  return VALID.test(code) ? code : null
}
