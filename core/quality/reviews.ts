/** Reviews (质检): the queue, reading a chat, the checklist, the agent's one reply. */
import type { Deps } from '../../platform/deps.ts'
import { transition } from '../../platform/db/atomic.ts'
import { conflict, notFound, ruleNotMet } from '../../platform/errors.ts'
import { conversationMessageModel, type ConversationMessageDoc } from '../conversations/model.ts'
import { clinicScope } from '../staff/clinic-scope.ts'
import type { StaffPrincipal } from '../staff/service.ts'
import { seesOnlyOwnFigures } from './access.ts'
import { round } from './figures.ts'
import { CHECKLIST, MAX_SCORE, reviewModel, type ChecklistItem, type ReviewDoc } from './review-model.ts'
import { presentReview } from './review-views.ts'

export interface ReviewListQuery {
  status?: 'queued' | 'scored'
  week?: string
  agentId?: string
  clinicCode?: string
  limit: number
  offset: number
}

/** Reviewers see the queue of their clinics; an agent sees their own scored reviews only. */
export async function listReviews({ db }: Pick<Deps, 'db'>, staff: StaffPrincipal, query: ReviewListQuery) {
  const filter: Record<string, unknown> = {}
  if (seesOnlyOwnFigures(staff)) Object.assign(filter, { agentId: staff.id, status: 'scored' })
  else {
    const clinics = clinicScope(staff, query.clinicCode)
    if (clinics) filter.clinicCode = { $in: clinics }
    if (query.agentId) filter.agentId = query.agentId
    if (query.status) filter.status = query.status
  }
  if (query.week) filter.week = query.week
  if (seesOnlyOwnFigures(staff) && query.status === 'queued') return { items: [], total: 0 }
  const [docs, total] = await Promise.all([
    reviewModel(db).find(filter).sort({ status: 1, releasedAt: -1 }).skip(query.offset).limit(query.limit).lean<ReviewDoc[]>(),
    reviewModel(db).countDocuments(filter),
  ])
  return { items: docs.map(presentReview), total }
}

/** A review the staff member may read; anyone else's answers as unknown, so ids cannot be probed. */
async function readableReview({ db }: Pick<Deps, 'db'>, staff: StaffPrincipal, id: string): Promise<ReviewDoc> {
  const doc = await reviewModel(db).findById(id).lean<ReviewDoc>()
  const visible = doc && (seesOnlyOwnFigures(staff) ? doc.agentId === staff.id && doc.status === 'scored' : !doc.clinicCode || (clinicScope(staff) ?? [doc.clinicCode]).includes(doc.clinicCode))
  if (!visible) throw notFound('review_not_found', 'No such review.')
  return doc
}

/** The review with the whole chat of its hand-off, as the reviewer reads it (phone numbers masked). */
export async function getReview(deps: Pick<Deps, 'db'>, staff: StaffPrincipal, id: string) {
  const doc = await readableReview(deps, staff, id)
  const messages = await conversationMessageModel(deps.db).find({ conversationId: doc.conversationId, at: { $gte: new Date(doc.queuedAt.getTime() - 10 * 60_000), $lte: doc.releasedAt } }).sort({ at: 1, _id: 1 }).lean<ConversationMessageDoc[]>()
  return {
    ...presentReview(doc),
    messages: messages.map((m) => ({ from: m.from, type: m.type, text: maskDigits(m.text), agentName: m.agentName ?? null, at: m.at.toISOString() })),
  }
}

/** Phone and ID numbers in a chat shown for review: enough to see that one was asked, not the number. */
const maskDigits = (text: string) => text.replace(/\d{7,}/g, (digits) => `${digits.slice(0, 3)}${'*'.repeat(digits.length - 5)}${digits.slice(-2)}`)

export async function scoreReview(deps: Pick<Deps, 'db' | 'clock'>, reviewer: StaffPrincipal, id: string, input: { scores: Record<ChecklistItem, number>; comment: string }) {
  await readableReview(deps, reviewer, id)
  const total = CHECKLIST.reduce((sum, item) => sum + input.scores[item], 0)
  const scored = await transition<ReviewDoc>(deps.db, reviewModel(deps.db), id, (r) => r.status === 'queued', () => ({
    $set: { status: 'scored', scores: input.scores, total, percent: round((total / MAX_SCORE) * 100, 1), comment: input.comment, reviewerId: reviewer.id, reviewerName: reviewer.name, scoredAt: deps.clock.now() },
  }))
  if (!scored) throw conflict('review_already_scored', 'This review has been scored already.')
  return presentReview(scored)
}

/** The agent answers their review, once. */
export async function replyToReview(deps: Pick<Deps, 'db' | 'clock'>, agent: StaffPrincipal, id: string, text: string) {
  const doc = await reviewModel(deps.db).findById(id).lean<ReviewDoc>()
  if (!doc || doc.agentId !== agent.id || doc.status !== 'scored') {
    if (doc?.agentId === agent.id) throw ruleNotMet('review_not_scored', 'The review has not been scored yet.')
    throw notFound('review_not_found', 'No such review.')
  }
  const replied = await transition<ReviewDoc>(deps.db, reviewModel(deps.db), id, (r) => !r.reply?.text, () => ({ $set: { reply: { text, at: deps.clock.now() } } }))
  if (!replied) throw conflict('review_reply_exists', 'You have replied to this review already.')
  return presentReview(replied)
}
