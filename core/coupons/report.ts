import type { Deps } from '../../platform/deps.ts'
import { fenToYuan } from '../members/money.ts'
import { loadCampaign } from './campaigns.ts'
import { couponModel } from './model.ts'
import type { CampaignReport } from './schemas.ts'

export async function campaignReport(deps: Pick<Deps, 'db' | 'clock'>, campaignId: string): Promise<CampaignReport> {
  const campaign = await loadCampaign(deps, campaignId)
  const now = deps.clock.now()
  const Coupon = couponModel(deps.db)
  const count = (where: Record<string, unknown>) => Coupon.countDocuments({ campaignId: campaign._id, ...where })
  // One accumulator per $group: FerretDB v1.24 computes only the first accumulator of a $group.
  const sumOfRedeemed = async (field: string) => {
    const [row] = await Coupon.aggregate<{ total: number }>([
      { $match: { campaignId: campaign._id, status: 'redeemed' } },
      { $group: { _id: null, total: { $sum: `$${field}` } } },
    ])
    return row?.total ?? 0
  }
  const [issued, redeemed, voided, expired, discountFen, orderFen] = await Promise.all([
    count({}),
    count({ status: 'redeemed' }),
    count({ status: 'void' }),
    count({ $or: [{ status: 'expired' }, { status: 'issued', expiresAt: { $lte: now } }] }),
    sumOfRedeemed('amountFen'),
    sumOfRedeemed('orderAmountFen'),
  ])
  return {
    campaignId: String(campaign._id),
    name: campaign.name,
    issued,
    redeemed,
    expired,
    void: voided,
    outstanding: issued - redeemed - voided - expired,
    redemptionRate: issued ? Math.round((redeemed / issued) * 10_000) / 10_000 : 0,
    discountGiven: fenToYuan(discountFen),
    orderTotal: fenToYuan(orderFen),
  }
}
