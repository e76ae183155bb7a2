import { z } from 'zod'

/** Money is stored as integer fen and shown in the API as yuan with up to 2 decimals. */
export const yuanToFen = (yuan: number): number => Math.round(yuan * 100)
export const fenToYuan = (fen: number): number => fen / 100

const hasAtMostTwoDecimals = (v: number) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6

/** A non-negative amount in yuan, up to 2 decimals. */
export const yuanAmount = z
  .number()
  .min(0, 'must not be negative')
  .max(100_000_000, 'is too large')
  .refine(hasAtMostTwoDecimals, 'has more than 2 decimals')

/** "50", "49.5", "1,000,000" — yuan for Chinese sentences. */
export function formatYuan(fen: number): string {
  return fenToYuan(fen).toLocaleString('en-US', { maximumFractionDigits: 2 })
}
