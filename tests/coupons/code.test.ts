import { describe, expect, it } from 'vitest'
import { COUPON_CODE_ALPHABET, formatCouponCode, generateCouponCode, normalizeCouponCode } from '../../core/coupons/code.ts'

describe('coupon codes', () => {
  it('are 8 characters without 0, O, 1, I or L, shown as XXXX-XXXX', () => {
    const code = generateCouponCode()
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/)
    expect(COUPON_CODE_ALPHABET).not.toMatch(/[01OIL]/)
    expect(formatCouponCode(code)).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/)
  })

  it('2,000 codes are all different and use the whole alphabet', () => {
    const codes = Array.from({ length: 2000 }, generateCouponCode)
    expect(new Set(codes).size).toBe(2000)
    expect(new Set(codes.join('')).size).toBe(COUPON_CODE_ALPHABET.length)
  })

  it('are accepted with or without the dash, in any case, with stray spaces', () => {
    expect(normalizeCouponCode('abcd-efgh')).toBe('ABCDEFGH')
    expect(normalizeCouponCode(' ABCD EFGH ')).toBe('ABCDEFGH')
    expect(normalizeCouponCode('ABCDEFGH')).toBe('ABCDEFGH')
  })

  it('anything that cannot be a code is refused', () => {
    for (const input of ['ABCD-EFG', 'ABCD-EFGHJ', 'ABCD-EF0H', 'ABCD-EFIH', '', '../../etc']) expect(normalizeCouponCode(input)).toBeNull()
  })
})
