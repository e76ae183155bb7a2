import type { Types } from 'mongoose'
import type { Deps } from '../../platform/deps.ts'
import { careDatesOn, weekday } from '../calendar/index.ts'
import { clinicNames, REACHABLE, type AudienceMember } from '../broadcasts/audience.ts'
import { memberPlaceholders } from '../broadcasts/copy.ts'
import { insertDeliveries, type DeliveryDraft } from '../broadcasts/deliveries.ts'
import type { RunDoc } from '../broadcasts/model.ts'
import { chooseRoute, forEachMemberChunkWithConversations } from '../broadcasts/routing.ts'
import { fillTemplate } from '../broadcasts/template.ts'
import { isCampaignOpen } from '../coupons/campaigns.ts'
import { couponOffer } from '../coupons/copy.ts'
import { campaignModel, type CampaignDoc } from '../coupons/model.ts'
import { composeGreeting, isHolidayKey, isSeasonKey } from './copy.ts'
import { birthdaysOn, day1JoinDays, joinDaysFor, joinedOn } from './due.ts'
import { pickFridayTexts } from './friday.ts'
import { programmeSettings, type AllProgrammeSettings } from './programmes.ts'
import { createBirthdayTasks } from './tasks.ts'

/** One programme's part of a member's greeting that day, e.g. { key: 'holiday:mid_autumn', text }. */
interface GreetingPart {
  key: string
  text: string
  values?: Record<string, string>
}

/** The order the parts read in a combined greeting: the personal first, the weekly last. */
const PART_ORDER = ['birthday', 'birthday:family', 'holiday', 'season', 'day1', 'month1', 'month3', 'friday']
const orderOf = (key: string) => {
  const exact = PART_ORDER.indexOf(key)
  return exact >= 0 ? exact : PART_ORDER.indexOf(key.split(':')[0])
}

/** The coupon campaigns open now, as offers for the month-3 check-in ("the latest offers"). */
async function latestOffers(deps: Pick<Deps, 'db'>, now: Date, fallback: string): Promise<string> {
  const campaigns = await campaignModel(deps.db).find({ trigger: 'manual', active: true }).sort({ createdAt: -1 }).lean<CampaignDoc[]>()
  const offers = campaigns
    .filter((campaign) => isCampaignOpen(campaign, now))
    .slice(0, 3)
    .map((c) => couponOffer({ amount: c.amountFen / 100, threshold: c.thresholdFen / 100, productScope: c.productScope }))
  return offers.length ? offers.join('、') : fallback
}

/**
 * Plans one day of the care schedule (domain §3) as one run: every programme due that day for a
 * member becomes ONE combined greeting (a birthday on 中秋 that is a Friday is one message), and
 * tier A/B birthdays get a staff task for the card or gift.
 */
export async function planCareRun(deps: Deps, run: RunDoc, now: Date): Promise<void> {
  const day = run.day
  const settings = await programmeSettings(deps)
  const partsFor = new Map<string, GreetingPart[]>()
  const add = (memberId: Types.ObjectId, part: GreetingPart) => partsFor.set(String(memberId), [...(partsFor.get(String(memberId)) ?? []), part])

  // Programmes for particular members.
  const offers = settings.month3.enabled ? await latestOffers(deps, now, settings.month3.texts.noOffers) : ''
  const byJoining: Array<[keyof AllProgrammeSettings, string[]]> = [
    ['day1', day1JoinDays(day)],
    ['month1', joinDaysFor(day, 1)],
    ['month3', joinDaysFor(day, 3)],
  ]
  for (const [key, joinDays] of byJoining) {
    if (!settings[key].enabled) continue
    for (const id of await joinedOn(deps, joinDays)) add(id, { key, text: settings[key].texts.text, values: key === 'month3' ? { offers } : undefined })
  }
  if (settings.birthday.enabled) {
    const birthdays = await birthdaysOn(deps, day)
    await createBirthdayTasks(deps, day, birthdays)
    for (const { member, own, family } of birthdays) {
      if (member.optedOut) continue // the staff task stands; no greeting
      if (own) add(member._id, { key: 'birthday', text: settings.birthday.texts.member })
      for (const celebrant of family) add(member._id, { key: 'birthday:family', text: settings.birthday.texts.family, values: { relation: celebrant.relation, familyName: celebrant.name } })
    }
  }

  // Programmes for everyone.
  const occasions = careDatesOn(day)
  const forEveryone: GreetingPart[] = [
    ...(settings.holiday.enabled ? occasions.filter((o) => isHolidayKey(o.key)).map((o) => ({ key: `holiday:${o.key}`, text: settings.holiday.texts[o.key] })) : []),
    ...(settings.season.enabled ? occasions.filter((o) => isSeasonKey(o.key)).map((o) => ({ key: `season:${o.key}`, text: settings.season.texts[o.key] })) : []),
  ]
  const friday = settings.friday.enabled && weekday(day) === 5
  if (!forEveryone.length && !friday && !partsFor.size) return

  const clinics = await clinicNames(deps)
  const filter = forEveryone.length || friday ? { ...REACHABLE } : { ...REACHABLE, _id: { $in: [...partsFor.keys()] } }
  await forEachMemberChunkWithConversations(deps, filter, async (members, conversations) => {
    const fridayTexts = friday ? await pickFridayTexts(deps, run._id, members.map((m) => m._id), settings.friday.library!) : new Map<string, string>()
    const drafts: DeliveryDraft[] = []
    for (const member of members) {
      const parts = [...(partsFor.get(String(member._id)) ?? []), ...forEveryone]
      const fridayText = fridayTexts.get(String(member._id))
      if (fridayText) parts.push({ key: 'friday', text: fridayText })
      if (!parts.length) continue
      drafts.push(greetingDraft(member, parts, conversations.get(String(member._id)) ?? [], clinics, now))
    }
    await insertDeliveries(deps, run, drafts, now)
  })
}

function greetingDraft(member: AudienceMember, parts: GreetingPart[], conversations: Parameters<typeof chooseRoute>[0], clinics: Map<string, string>, now: Date): DeliveryDraft {
  const clinicName = clinics.get(member.clinicCode) ?? member.clinicCode
  const values = memberPlaceholders({ name: member.name, tier: member.tier, clinicName })
  const ordered = [...parts].sort((a, b) => orderOf(a.key) - orderOf(b.key))
  const bodies = ordered.map((part) => fillTemplate(part.text, { ...values, ...part.values }))
  return {
    memberId: member._id,
    memberName: member.name,
    variant: null,
    programmes: ordered.map((part) => part.key),
    text: composeGreeting(member.name, clinicName, bodies),
    ...chooseRoute(conversations, now),
  }
}
