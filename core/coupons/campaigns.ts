import { Types } from 'mongoose'
import type { Deps } from '../../platform/deps.ts'
import { isDuplicateKeyError, notFound, conflict } from '../../platform/errors.ts'
import { businessDay } from '../../platform/clock.ts'
import { addDays, endOfBusinessDay } from '../calendar/index.ts'
import { yuanToFen } from '../members/money.ts'
import { campaignModel, couponModel, type CampaignDoc } from './model.ts'
import { toCampaignView } from './present.ts'
import type { CampaignView, CreateCampaignInput, UpdateCampaignInput } from './schemas.ts'

export const WELCOME_CAMPAIGN_KEY = 'welcome-frame-glasses'

/**
 * 关注有礼 (domain §1): 50 yuan off a frame-glasses order of at least 500 yuan. Valid 30 days
 * (through the end of the 30th day after issue, Asia/Shanghai): our choice, time for an eye exam
 * and a fitting without letting the offer linger.
 */
export const WELCOME_CAMPAIGN = {
  key: WELCOME_CAMPAIGN_KEY,
  name: '关注有礼 · 框架眼镜满500减50',
  trigger: 'add_contact',
  amountFen: 50_00,
  thresholdFen: 500_00,
  productScope: '框架眼镜',
  validityDays: 30,
} as const

/** Seeds the welcome campaign if its key is missing; instances starting together agree on one row. */
export async function ensureWelcomeCampaign(deps: Pick<Deps, 'db' | 'clock'>): Promise<CampaignDoc> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const doc = await campaignModel(deps.db)
        .findOneAndUpdate(
          { key: WELCOME_CAMPAIGN_KEY },
          { $setOnInsert: { ...WELCOME_CAMPAIGN, active: true, createdAt: deps.clock.now() } },
          { upsert: true, returnDocument: 'after' },
        )
        .lean<CampaignDoc>()
      return doc!
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err
    }
  }
  throw conflict('conflict', 'The welcome campaign is being created by another instance right now; please try again.')
}

export function isCampaignOpen(campaign: CampaignDoc, now: Date): boolean {
  const t = now.getTime()
  return (
    campaign.active &&
    (!campaign.activeFrom || campaign.activeFrom.getTime() <= t) &&
    (!campaign.activeTo || t < campaign.activeTo.getTime()) &&
    (!campaign.endsAt || t < campaign.endsAt.getTime())
  )
}

/** The end of the last day a coupon issued now may be used: validity days, capped by the campaign's end. */
export function couponExpiry(campaign: CampaignDoc, now: Date): Date {
  const byDays = endOfBusinessDay(addDays(businessDay(now), campaign.validityDays ?? 30))
  if (!campaign.endsAt) return byDays
  return campaign.validityDays && byDays < campaign.endsAt ? byDays : campaign.endsAt
}

/** The add-contact campaign open now (the newest), seeding the default 关注有礼 when there is none at all. */
export async function currentWelcomeCampaign(deps: Pick<Deps, 'db' | 'clock'>, now: Date): Promise<CampaignDoc | null> {
  const campaigns = await campaignModel(deps.db).find({ trigger: 'add_contact' }).sort({ createdAt: -1 }).lean<CampaignDoc[]>()
  if (!campaigns.length) campaigns.push(await ensureWelcomeCampaign(deps))
  return campaigns.find((campaign) => isCampaignOpen(campaign, now)) ?? null
}

export async function loadCampaign(deps: Pick<Deps, 'db'>, id: string | Types.ObjectId): Promise<CampaignDoc> {
  const valid = id instanceof Types.ObjectId || /^[0-9a-f]{24}$/i.test(id)
  const doc = valid ? await campaignModel(deps.db).findById(id).lean<CampaignDoc>() : null
  if (!doc) throw notFound('campaign_not_found', 'No such coupon campaign.')
  return doc
}

export async function createCampaign(deps: Pick<Deps, 'db' | 'clock'>, input: CreateCampaignInput, staffId: string): Promise<CampaignView> {
  const doc = await campaignModel(deps.db).create({
    name: input.name,
    trigger: input.trigger,
    amountFen: yuanToFen(input.amount),
    thresholdFen: yuanToFen(input.threshold),
    productScope: input.productScope,
    validityDays: input.validityDays ?? null,
    endsAt: input.endsAt ?? null,
    quantity: input.quantity ?? null,
    activeFrom: input.activeFrom ?? null,
    activeTo: input.activeTo ?? null,
    active: input.active,
    createdAt: deps.clock.now(),
    createdBy: staffId,
  })
  return toCampaignView(doc.toObject() as CampaignDoc, 0)
}

export const issuedCount = (deps: Pick<Deps, 'db'>, campaignId: Types.ObjectId) => couponModel(deps.db).countDocuments({ campaignId })

export async function getCampaign(deps: Pick<Deps, 'db'>, id: string | Types.ObjectId): Promise<CampaignView> {
  const campaign = await loadCampaign(deps, id)
  return toCampaignView(campaign, await issuedCount(deps, campaign._id))
}

export async function listCampaigns(deps: Pick<Deps, 'db' | 'clock'>, page: { limit: number; offset: number }) {
  await ensureWelcomeCampaign(deps)
  const Campaign = campaignModel(deps.db)
  const [docs, total] = await Promise.all([
    Campaign.find().sort({ createdAt: -1 }).skip(page.offset).limit(page.limit).lean<CampaignDoc[]>(),
    Campaign.countDocuments(),
  ])
  const issued = await Promise.all(docs.map((doc) => issuedCount(deps, doc._id)))
  return { items: docs.map((doc, i) => toCampaignView(doc, issued[i])), total }
}

export async function updateCampaign(deps: Pick<Deps, 'db'>, id: string, patch: UpdateCampaignInput): Promise<CampaignView> {
  const campaign = await loadCampaign(deps, id)
  if (Object.keys(patch).length) await campaignModel(deps.db).updateOne({ _id: campaign._id }, { $set: patch })
  return getCampaign(deps, campaign._id)
}
