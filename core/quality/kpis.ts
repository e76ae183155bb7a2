/**
 * Agent KPIs (seed 001's contact centre) from the hand-off records: per agent and per clinic over
 * a range of days. Who a figure belongs to: the chat counts for everyone who held it; the first
 * response for whoever wrote it; a transfer for the one who passed the chat on; the release and the
 * customer's rating for the one who released it; handling time for each holder's own stretch.
 */
import type { Deps } from '../../platform/deps.ts'
import { dayOf, endOfBusinessDay, startOfBusinessDay } from '../calendar/days.ts'
import { complaintModel } from '../complaints/model.ts'
import { average, percentile, share } from './figures.ts'
import { handoffModel, type HandoffDoc } from './model.ts'
import { reviewScoresByAgent } from './review-scores.ts'
import { staffedMs } from './staffed-time.ts'

export interface KpiQuery {
  from: string
  to: string
  /** null: every clinic */
  clinicCodes: string[] | null
  /** Set for an agent, who sees only their own row. */
  onlyAgentId?: string
}

class Tally {
  chats = new Set<string>()
  firstResponses: number[] = []
  handling: number[] = []
  transfers = 0
  released = 0
  complaints = 0
  ratings: number[] = []
  reviews: number[] = []

  present() {
    const frt = this.firstResponses
    const within = (minutes: number) => share(frt.filter((s) => s <= minutes * 60).length, frt.length)
    return {
      chats: this.chats.size,
      firstResponse: { answered: frt.length, p50Seconds: percentile(frt, 0.5), p90Seconds: percentile(frt, 0.9), within1m: within(1), within3m: within(3), within10m: within(10) },
      handling: { count: this.handling.length, averageSeconds: average(this.handling), totalSeconds: this.handling.reduce((a, b) => a + b, 0) },
      transfers: this.transfers,
      released: this.released,
      complaints: this.complaints,
      rating: { count: this.ratings.length, average: average(this.ratings) },
      review: { count: this.reviews.length, averagePercent: average(this.reviews) },
    }
  }
}

export type KpiFigures = ReturnType<Tally['present']>

function tallies<K>() {
  const map = new Map<K, Tally>()
  return { map, of: (key: K) => map.get(key) ?? map.set(key, new Tally()).get(key)! }
}

export async function agentKpis(deps: Pick<Deps, 'db' | 'config'>, query: KpiQuery) {
  const start = startOfBusinessDay(query.from)
  const end = endOfBusinessDay(query.to)
  const scope = query.clinicCodes ? { clinicCode: { $in: query.clinicCodes } } : {}
  const handoffs = await handoffModel(deps.db).find({ queuedAt: { $gte: start, $lte: end }, ...scope }).lean<HandoffDoc[]>()
  const agents = tallies<string>()
  const clinics = tallies<string>()
  const days = tallies<string>()
  const names = new Map<string, string>()
  const both = (agentId: string | null | undefined, h: HandoffDoc, add: (t: Tally) => void) => {
    if (agentId) add(agents.of(agentId))
    add(clinics.of(h.clinicCode ?? ''))
  }
  for (const h of handoffs) {
    const holders = h.holders ?? []
    for (const [i, holder] of holders.entries()) {
      names.set(holder.agentId, holder.agentName)
      both(holder.agentId, h, (t) => t.chats.add(h._id))
      const until = holders[i + 1]?.from ?? h.releasedAt
      if (until) both(holder.agentId, h, (t) => t.handling.push(Math.round((until.getTime() - holder.from.getTime()) / 1000)))
      if (i < holders.length - 1) both(holder.agentId, h, (t) => t.transfers++)
    }
    if (h.firstReplyAt) {
      const seconds = Math.round(staffedMs(h.queuedAt, h.firstReplyAt, deps.config.STAFFED_HOURS) / 1000)
      both(h.firstReplyBy, h, (t) => t.firstResponses.push(seconds))
      if (!query.onlyAgentId || h.firstReplyBy === query.onlyAgentId) days.of(dayOf(h.queuedAt)).firstResponses.push(seconds)
    }
    if (h.releasedAt) both(h.releasedBy, h, (t) => t.released++)
    if (h.rating) both(h.releasedBy, h, (t) => t.ratings.push(h.rating!))
  }
  const complaints = await complaintModel(deps.db).find({ receivedAt: { $gte: start, $lte: end }, ...scope }, { clinicCode: 1, steps: 1 }).lean<Array<{ clinicCode: string; steps: Array<{ step: number; by: { id: string | null; role: string; name: string } }> }>>()
  for (const c of complaints) {
    const by = c.steps.find((s) => s.step === 1)?.by
    if (!by?.id || by.role === 'bot' || by.role === 'customer') continue
    names.set(by.id, names.get(by.id) ?? by.name)
    agents.of(by.id).complaints++
    clinics.of(c.clinicCode).complaints++
  }
  for (const score of await reviewScoresByAgent(deps.db, { start, end, clinicCodes: query.clinicCodes })) {
    names.set(score.agentId, names.get(score.agentId) ?? score.agentName)
    agents.of(score.agentId).reviews.push(score.percent)
    clinics.of(score.clinicCode ?? '').reviews.push(score.percent)
  }
  const agentRows = [...agents.map]
    .filter(([agentId]) => !query.onlyAgentId || agentId === query.onlyAgentId)
    .map(([agentId, t]) => ({ agentId, agentName: names.get(agentId) ?? '', ...t.present() }))
    .sort((a, b) => b.chats - a.chats || a.agentName.localeCompare(b.agentName))
  const clinicRows = query.onlyAgentId ? [] : [...clinics.map].map(([clinicCode, t]) => ({ clinicCode: clinicCode || null, ...t.present() })).sort((a, b) => String(a.clinicCode).localeCompare(String(b.clinicCode)))
  const daily = [...days.map].sort(([a], [b]) => a.localeCompare(b)).map(([day, t]) => ({ day, answered: t.firstResponses.length, p50Seconds: percentile(t.firstResponses, 0.5), p90Seconds: percentile(t.firstResponses, 0.9) }))
  return { from: query.from, to: query.to, items: agentRows, total: agentRows.length, clinics: clinicRows, daily }
}

export type KpiReport = Awaited<ReturnType<typeof agentKpis>>
