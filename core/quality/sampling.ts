/**
 * The weekly review sample (质检抽样): of each agent's chats released last week, a fixed number
 * (QUALITY_REVIEW_SAMPLE_SIZE) plus every chat rated ≤ 2 or followed by a complaint of the same
 * member. The choice is a function of the week and the hand-off ids, the reviews are keyed by the
 * hand-off and a mark per week and agent is written last: a second run, or a rerun after a crash
 * half-way, adds nothing new.
 */
import { createHash } from 'node:crypto'
import type { Deps } from '../../platform/deps.ts'
import { businessDay } from '../../platform/clock.ts'
import { isDuplicateKeyError } from '../../platform/errors.ts'
import { addDays } from '../calendar/days.ts'
import { complaintModel } from '../complaints/model.ts'
import { handoffModel, type HandoffDoc } from './model.ts'
import { reviewModel, sampleMarkModel, type ReviewReason } from './review-model.ts'
import { mondayOf, weekRange } from './week.ts'

/** A complaint this close to a hand-off (before: the bot's intake; after: a later call) counts as led to by it. */
const COMPLAINT_BEFORE_MS = 3600_000
const COMPLAINT_AFTER_MS = 24 * 3600_000

const order = (week: string, id: string) => createHash('sha256').update(`${week}|${id}`).digest('hex')

async function complainedMembers(deps: Pick<Deps, 'db'>, start: Date, end: Date) {
  const complaints = await complaintModel(deps.db).find({ receivedAt: { $gte: new Date(start.getTime() - COMPLAINT_BEFORE_MS), $lte: new Date(end.getTime() + COMPLAINT_AFTER_MS) }, memberId: { $ne: null } }, { memberId: 1, receivedAt: 1 }).lean<Array<{ memberId: string; receivedAt: Date }>>()
  return (h: HandoffDoc) =>
    Boolean(h.memberId) && complaints.some((c) => c.memberId === String(h.memberId) && c.receivedAt.getTime() >= h.queuedAt.getTime() - COMPLAINT_BEFORE_MS && c.receivedAt.getTime() <= h.releasedAt!.getTime() + COMPLAINT_AFTER_MS)
}

/** Queues last week's sample (the week before `now`'s); answers how many reviews were added. */
export async function drawWeeklySample(deps: Pick<Deps, 'db' | 'config'>, now: Date) {
  const week = weekRange(addDays(mondayOf(businessDay(now)), -7))
  const handoffs = await handoffModel(deps.db).find({ releasedAt: { $gte: week.start, $lte: week.end } }).lean<HandoffDoc[]>()
  const ledToComplaint = await complainedMembers(deps, week.start, week.end)
  const byAgent = new Map<string, HandoffDoc[]>()
  for (const h of handoffs) if (h.releasedBy) byAgent.set(h.releasedBy, [...(byAgent.get(h.releasedBy) ?? []), h])
  let added = 0
  let agents = 0
  for (const [agentId, own] of byAgent) {
    const markId = `${week.monday}:${agentId}`
    if (await sampleMarkModel(deps.db).exists({ _id: markId })) continue
    const reasonsOf = (h: HandoffDoc): ReviewReason[] => [...(h.rating && h.rating <= 2 ? ['low_rating' as const] : []), ...(ledToComplaint(h) ? ['complaint' as const] : [])]
    const mustReview = own.filter((h) => reasonsOf(h).length)
    const sampled = own.filter((h) => !reasonsOf(h).length).sort((a, b) => order(week.monday, a._id).localeCompare(order(week.monday, b._id))).slice(0, deps.config.QUALITY_REVIEW_SAMPLE_SIZE)
    for (const h of [...mustReview, ...sampled]) {
      const reasons = reasonsOf(h)
      try {
        await reviewModel(deps.db).create({
          _id: h._id, week: week.monday, conversationId: h.conversationId, agentId, agentName: h.releasedByName, clinicCode: h.clinicCode, customerName: h.customerName,
          reasons: reasons.length ? reasons : ['sample'], queuedAt: h.queuedAt, releasedAt: h.releasedAt, rating: h.rating ?? undefined, status: 'queued',
        })
        added++
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err
      }
    }
    try {
      await sampleMarkModel(deps.db).create({ _id: markId, at: now, drawn: mustReview.length + sampled.length })
      agents++
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err
    }
  }
  return { week: week.monday, agents, added }
}
