import { z } from 'zod'
import { TIERS } from '../members/model.ts'
import { LEDGER_KINDS } from './model.ts'

const objectId = z.string().regex(/^[0-9a-f]{24}$/i, 'must be an id')

export const ledgerEntryView = z.object({
  id: z.string(),
  deltaPoints: z.number().int(),
  balanceAfter: z.number().int(),
  kind: z.enum(LEDGER_KINDS),
  reason: z.string(),
  visitId: z.string().nullable(),
  giftId: z.string().nullable(),
  staffId: z.string().nullable(),
  at: z.string(),
})
export type LedgerEntryView = z.infer<typeof ledgerEntryView>

export const pointsSummaryView = z.object({
  memberId: z.string(),
  balance: z.number().int(),
  tier: z.enum(TIERS),
  tierName: z.string(),
  benefits: z.array(z.string()),
  recent: z.array(ledgerEntryView),
})
export type PointsSummary = z.infer<typeof pointsSummaryView>

export const adjustPointsBody = z.object({
  delta: z.number().int().refine((v) => v !== 0, 'must not be 0').refine((v) => Math.abs(v) <= 10_000_000, 'is too large'),
  reason: z.string().trim().min(1).max(200),
})

export const giftView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  pointsCost: z.number().int(),
  stock: z.number().int().describe('units left'),
  active: z.boolean(),
})
export type GiftView = z.infer<typeof giftView>

export const createGiftBody = z.object({
  name: z.string().trim().min(1).max(60),
  description: z.string().trim().max(500).default(''),
  pointsCost: z.number().int().min(1).max(10_000_000),
  stock: z.number().int().min(0).max(1_000_000),
  active: z.boolean().default(true),
})
export type CreateGiftInput = z.infer<typeof createGiftBody>

export const redeemGiftBody = z.object({ memberId: objectId })
