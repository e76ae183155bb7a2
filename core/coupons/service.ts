import { setTimeout as sleep } from 'node:timers/promises'
import type { Types } from 'mongoose'
import type { Deps } from '../../platform/deps.ts'
import { findPage } from '../../platform/db/find-page.ts'
import { conflict, gone, isDuplicateKeyError, notFound, ruleNotMet } from '../../platform/errors.ts'
import { memberModel } from '../members/model.ts'
import { parseMemberId } from '../members/ids.ts'
import { couponExpiry, currentWelcomeCampaign, isCampaignOpen, issuedCount, loadCampaign } from './campaigns.ts'
import { generateCouponCode } from './code.ts'
import { campaignModel, couponModel, type CampaignDoc, type CouponDoc } from './model.ts'
import { toCouponView } from './present.ts'
import type { CouponFilters, CouponView } from './schemas.ts'
import { findByKey, keyedObjectId } from '../../platform/db/keyed-id.ts'

/** Concurrent grants of a limited campaign queue on its slot numbers; this many tries before giving up. */
const MAX_GRANT_ATTEMPTS = 40

export interface GrantResult {
  /** null when the campaign is closed or its quantity is used up (and the member had none before). */
  coupon: CouponView | null
  created: boolean
  reason?: 'campaign_closed' | 'sold_out'
}

async function memberObjectId(deps: Pick<Deps, 'db'>, memberId: string | Types.ObjectId): Promise<Types.ObjectId> {
  const _id = parseMemberId(memberId)
  const member = _id && (await memberModel(deps.db).findById(_id, { status: 1 }).lean<{ status: string }>())
  if (!member || member.status === 'merged') throw notFound('member_not_found', 'No such member.')
  return _id
}

/** A member's coupon of a campaign has its `_id` from the pair, so the welcome flow finds it by `_id`. */
export const couponIdFor = (campaignId: Types.ObjectId | string, memberId: Types.ObjectId | string) => keyedObjectId('coupon', `${campaignId}:${memberId}`)

/**
 * One coupon of a campaign for a member, at most once ever: the unique (campaignId, memberId)
 * index decides between concurrent calls. A limited campaign also gives each coupon a slot
 * `<campaignId>:<n>` (n = coupons so far + 1, unique), so the quantity holds under concurrency.
 */
export async function grantCoupon(deps: Pick<Deps, 'db' | 'clock'>, campaign: CampaignDoc, memberId: string | Types.ObjectId): Promise<GrantResult> {
  const now = deps.clock.now()
  const member = await memberObjectId(deps, memberId)
  const Coupon = couponModel(deps.db)
  const _id = couponIdFor(campaign._id, member)
  const existing = () => findByKey<CouponDoc>(Coupon, _id, { campaignId: campaign._id, memberId: member })

  // By `_id` (a new member on every welcome must not scan the coupons). A coupon granted before
  // coupons were keyed is found by the insert below failing on (campaignId, memberId) — except
  // where the answer comes before any insert (closed, or a limited quantity): only then the scan.
  const insertDecides = isCampaignOpen(campaign, now) && campaign.quantity == null
  const had = (await Coupon.findById(_id).lean<CouponDoc>()) ?? (insertDecides ? null : await existing())
  if (had) return { coupon: toCouponView(had, now), created: false }
  if (!isCampaignOpen(campaign, now)) return { coupon: null, created: false, reason: 'campaign_closed' }

  for (let attempt = 0; attempt < MAX_GRANT_ATTEMPTS; attempt++) {
    let quantitySlotKey: string | undefined
    if (campaign.quantity != null) {
      const slot = (await issuedCount(deps, campaign._id)) + 1
      if (slot > campaign.quantity) return { coupon: null, created: false, reason: 'sold_out' }
      quantitySlotKey = `${campaign._id}:${slot}`
    }
    try {
      const doc = await Coupon.create({
        _id,
        code: generateCouponCode(),
        memberId: member,
        campaignId: campaign._id,
        campaignName: campaign.name,
        productScope: campaign.productScope,
        amountFen: campaign.amountFen,
        thresholdFen: campaign.thresholdFen,
        status: 'issued',
        issuedAt: now,
        expiresAt: couponExpiry(campaign, now),
        ...(quantitySlotKey ? { quantitySlotKey } : {}),
      })
      return { coupon: toCouponView(doc.toObject() as CouponDoc, now), created: true }
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err
      // This member's coupon (a concurrent grant won), else a taken slot or, rarely, a code clash: try again.
      const winner = await existing()
      if (winner) return { coupon: toCouponView(winner, now), created: false }
      await sleep(Math.random() * 5 * Math.min(attempt + 1, 10))
    }
  }
  throw conflict('coupon_grant_busy', 'Too many coupons granted at once; please try again.')
}

/**
 * 关注有礼: the welcome coupon for a member who added the account. Idempotent and safe under
 * concurrency; re-adding answers the same coupon with created:false.
 */
export async function grantWelcomeCoupon(deps: Pick<Deps, 'db' | 'clock'>, memberId: string | Types.ObjectId): Promise<GrantResult> {
  const now = deps.clock.now()
  const campaign = await currentWelcomeCampaign(deps, now)
  if (campaign) return grantCoupon(deps, campaign, memberId)
  // No welcome campaign open now: a member who got one before still has it.
  const member = await memberObjectId(deps, memberId)
  const welcomeCampaigns = await campaignModel(deps.db).find({ trigger: 'add_contact' }, { _id: 1 }).lean<Array<{ _id: Types.ObjectId }>>()
  const previous = await couponModel(deps.db)
    .findOne({ memberId: member, campaignId: { $in: welcomeCampaigns.map((c) => c._id) } })
    .sort({ issuedAt: -1 })
    .lean<CouponDoc>()
  return previous ? { coupon: toCouponView(previous, now), created: false } : { coupon: null, created: false, reason: 'campaign_closed' }
}

/** A staff grant from a campaign (POST /api/coupon-campaigns/:id/grants): a closed or used-up campaign is an error. */
export async function grantCampaignCoupon(deps: Pick<Deps, 'db' | 'clock'>, campaignId: string, memberId: string) {
  const result = await grantCoupon(deps, await loadCampaign(deps, campaignId), memberId)
  if (result.reason === 'campaign_closed') throw ruleNotMet('campaign_closed', 'This campaign is not active now.')
  if (result.reason === 'sold_out') throw gone('campaign_sold_out', 'All coupons of this campaign have been given out.')
  return result as { coupon: CouponView; created: boolean }
}

/** Filters by the status a reader sees: an issued coupon past its expiry counts as expired. */
function statusFilter(status: CouponFilters['status'], now: Date) {
  if (status === 'issued') return { status: 'issued', expiresAt: { $gt: now } }
  if (status === 'expired') return { $or: [{ status: 'expired' }, { status: 'issued', expiresAt: { $lte: now } }] }
  return status ? { status } : {}
}

export async function listCoupons(deps: Pick<Deps, 'db' | 'clock'>, filters: CouponFilters & { limit: number; offset: number }) {
  const now = deps.clock.now()
  const where: Record<string, unknown> = { ...statusFilter(filters.status, now) }
  if (filters.memberId) where.memberId = filters.memberId
  if (filters.campaignId) where.campaignId = filters.campaignId
  const { docs, total } = await findPage<CouponDoc>(couponModel(deps.db), where, { issuedAt: -1 }, filters)
  return { items: docs.map((doc) => toCouponView(doc, now)), total }
}

/** A member's coupons, newest first (the bot's coupon_query; see couponListReply). */
export async function listMemberCoupons(deps: Pick<Deps, 'db' | 'clock'>, memberId: string | Types.ObjectId): Promise<CouponView[]> {
  const _id = parseMemberId(memberId)
  if (!_id) return []
  const now = deps.clock.now()
  const docs = await couponModel(deps.db).find({ memberId: _id }).sort({ issuedAt: -1 }).lean<CouponDoc[]>()
  return docs.map((doc) => toCouponView(doc, now))
}
