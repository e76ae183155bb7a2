/**
 * What customers ask most (seed 001: process improvement), per week: intent counts against the
 * week before, hand-offs by reason, the bot's misunderstanding rate, and the messages it did not
 * understand grouped by similarity.
 */
import type { Types } from 'mongoose'
import type { Deps } from '../../platform/deps.ts'
import { addDays } from '../calendar/days.ts'
import { conversationMessageModel, conversationModel } from '../conversations/model.ts'
import { share } from './figures.ts'
import { groupSimilar } from './grouping.ts'
import { handoffModel, type HandoffDoc } from './model.ts'
import { mondayOf, weekRange } from './week.ts'

const TOP_GROUPS = 20

interface InboundRow {
  conversationId: Types.ObjectId
  type: string
  text: string
  intent?: string | null
  understood?: boolean | null
  at: Date
}

export async function weeklyTopics(deps: Pick<Deps, 'db'>, query: { day: string; clinicCodes: string[] | null }) {
  const week = weekRange(mondayOf(query.day))
  const before = weekRange(addDays(week.monday, -7))
  const inClinics = query.clinicCodes
    ? new Set((await conversationModel(deps.db).find({ clinicCode: { $in: query.clinicCodes } }, { _id: 1 }).lean<Array<{ _id: Types.ObjectId }>>()).map((c) => String(c._id)))
    : null
  const rows = (await conversationMessageModel(deps.db).find({ direction: 'in', at: { $gte: before.start, $lte: week.end } }, { conversationId: 1, type: 1, text: 1, intent: 1, understood: 1, at: 1 }).lean<InboundRow[]>())
    .filter((m) => !inClinics || inClinics.has(String(m.conversationId)))
  const thisWeek = rows.filter((m) => m.at >= week.start)
  const lastWeek = rows.filter((m) => m.at < week.start)
  const countIntents = (list: InboundRow[]) => list.reduce((map, m) => (m.intent ? map.set(m.intent, (map.get(m.intent) ?? 0) + 1) : map), new Map<string, number>())
  const [now, then] = [countIntents(thisWeek), countIntents(lastWeek)]
  const intents = [...new Set([...now.keys(), ...then.keys()])]
    .map((intent) => ({ intent, count: now.get(intent) ?? 0, previous: then.get(intent) ?? 0 }))
    .sort((a, b) => b.count - a.count || a.intent.localeCompare(b.intent))

  const texts = thisWeek.filter((m) => m.type === 'text')
  const notUnderstood = texts.filter((m) => m.understood === false)
  const conversations = new Set(thisWeek.map((m) => String(m.conversationId))).size
  const handoffs = (await handoffModel(deps.db).find({ queuedAt: { $gte: week.start, $lte: week.end }, ...(query.clinicCodes ? { clinicCode: { $in: query.clinicCodes } } : {}) }, { reason: 1 }).lean<HandoffDoc[]>())
  const reasons = handoffs.reduce((map, h) => map.set(h.reason ?? 'other', (map.get(h.reason ?? 'other') ?? 0) + 1), new Map<string, number>())
  return {
    week: week.monday,
    messages: texts.length,
    conversations,
    notUnderstood: notUnderstood.length,
    misunderstandingRate: share(notUnderstood.length, texts.length),
    intents,
    handoffs: { total: handoffs.length, rate: share(handoffs.length, conversations), byReason: [...reasons].map(([reason, count]) => ({ reason, count, rate: share(count, conversations) })).sort((a, b) => b.count - a.count) },
    groups: groupSimilar(notUnderstood.map((m) => m.text)).slice(0, TOP_GROUPS),
  }
}
