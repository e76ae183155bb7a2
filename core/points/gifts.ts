import { Types } from 'mongoose'
import type { Deps } from '../../platform/deps.ts'
import { gone, notFound } from '../../platform/errors.ts'
import { LEDGER_REASONS } from './copy.ts'
import { giftModel, pointsLedgerModel, type GiftDoc } from './model.ts'
import { spendPoints } from './service.ts'
import type { CreateGiftInput, GiftView } from './schemas.ts'

const outOfStock = () => gone('gift_out_of_stock', 'This gift is out of stock.')

async function unitsHandedOut(deps: Pick<Deps, 'db'>, giftIds: Types.ObjectId[]) {
  const counts = await Promise.all(giftIds.map(async (giftId) => [String(giftId), await pointsLedgerModel(deps.db).countDocuments({ giftId, kind: 'spend' })] as const))
  return new Map(counts)
}

export function toGiftView(doc: GiftDoc, handedOut: number): GiftView {
  return { id: String(doc._id), name: doc.name, description: doc.description ?? '', pointsCost: doc.pointsCost, stock: Math.max(0, doc.quantity - handedOut), active: doc.active }
}

export async function createGift(deps: Pick<Deps, 'db' | 'clock'>, input: CreateGiftInput): Promise<GiftView> {
  const { stock, ...fields } = input
  const doc = await giftModel(deps.db).create({ ...fields, quantity: stock, createdAt: deps.clock.now() })
  return toGiftView(doc.toObject() as GiftDoc, 0)
}

export async function listGifts(deps: Pick<Deps, 'db'>, page: { limit: number; offset: number; activeOnly?: boolean }) {
  const where = page.activeOnly ? { active: true } : {}
  const Gift = giftModel(deps.db)
  const [docs, total] = await Promise.all([
    Gift.find(where).sort({ pointsCost: 1, _id: 1 }).skip(page.offset).limit(page.limit).lean<GiftDoc[]>(),
    Gift.countDocuments(where),
  ])
  const handedOut = await unitsHandedOut(deps, docs.map((doc) => doc._id))
  return { items: docs.map((doc) => toGiftView(doc, handedOut.get(String(doc._id)) ?? 0)), total }
}

/** The lowest unit number of the gift not yet handed out, as the ledger key `<giftId>:<unit>`. */
async function freeUnitKey(deps: Pick<Deps, 'db'>, gift: GiftDoc): Promise<string> {
  const taken = await pointsLedgerModel(deps.db).find({ giftId: gift._id, kind: 'spend' }, { giftUnitKey: 1 }).lean<Array<{ giftUnitKey?: string }>>()
  const used = new Set(taken.map((row) => Number(row.giftUnitKey?.split(':')[1])))
  for (let unit = 1; unit <= gift.quantity; unit++) if (!used.has(unit)) return `${gift._id}:${unit}`
  throw outOfStock()
}

/**
 * 兑换礼品: one ledger row takes the points and claims a gift unit by its unique key, so neither
 * the balance nor the stock can be oversold by concurrent redemptions.
 */
/** `staffId`: who redeemed it at the counter; absent when the member redeemed it in the mini program. */
export async function redeemGift(deps: Pick<Deps, 'db' | 'clock'>, giftId: string, memberId: string, staffId?: string) {
  const gift = /^[0-9a-f]{24}$/i.test(giftId) ? await giftModel(deps.db).findById(new Types.ObjectId(giftId)).lean<GiftDoc>() : null
  if (!gift) throw notFound('gift_not_found', 'No such gift.')
  if (!gift.active) throw gone('gift_unavailable', 'This gift is no longer offered.')
  const change = await spendPoints(deps, memberId, {
    points: gift.pointsCost,
    reason: LEDGER_REASONS.gift(gift.name),
    giftId: gift._id,
    staffId,
    claimKey: () => freeUnitKey(deps, gift),
  })
  const handedOut = (await unitsHandedOut(deps, [gift._id])).get(String(gift._id)) ?? 0
  return { gift: toGiftView(gift, handedOut), balance: change.balance, entry: change.entry }
}
