import { Types } from 'mongoose'
import { businessDay } from '../../platform/clock.ts'
import type { Deps } from '../../platform/deps.ts'
import { insertNew, type InsertTarget } from '../../platform/db/insert-new.ts'
import { addDays } from '../calendar/days.ts'
import { CHANNEL_CAPABILITIES, unpromptedRoute, type ChannelKind } from '../channels/capabilities.ts'
import { complaintModel } from '../complaints/model.ts'
import { conversationModel } from '../conversations/model.ts'
import { memberModel } from '../members/model.ts'
import { visitModel, type VisitType } from '../visits/model.ts'
import { eachRowWhereIn } from './bulk-lookup.ts'
import { invitationModel, type InvitationDoc, type SkipReason, type SurveyType, type TemplateDoc } from './model.ts'
import { ANSWER_WINDOW_MS } from './settings.ts'
import { currentTemplates } from './templates.ts'

/** One survey per member and run, the most significant first: surgery outweighs a course, a course a consultation. */
export const SURVEY_RANK: Record<SurveyType, number> = { surgical: 0, post_surgery: 1, post_recovery: 2, non_surgical: 3, post_course: 4, no_spend: 5 }

const INSERT_CHUNK = 1000
const WRITES_IN_FLIGHT = 2

interface VisitRow {
  _id: Types.ObjectId
  memberId: Types.ObjectId
  clinicCode: string
  type: VisitType
  visitDay: string
  visitedAt: Date
}
interface MemberRow {
  _id: Types.ObjectId
  status: string
  optedOut?: boolean
  miniprogramAt?: Date | null
}
interface ConversationRow {
  _id: Types.ObjectId
  memberId: Types.ObjectId
  channel: string
  lastCustomerMessageAt?: Date | null
  lastMessageAt?: Date | null
}
interface PastRow {
  memberId: Types.ObjectId
  visitId: Types.ObjectId
  surveyType: SurveyType
  sentAt?: Date | null
}

/** What planning keeps of a visit, a member and a chat: a national day is held at once, so ids are kept as hex strings. */
interface PlannedVisit {
  id: string
  memberId: string
  clinicCode: string
  type: VisitType
  visitDay: string
  at: number
}
type MemberState = 'pending' | 'opted_out' | 'reachable'
interface LatestChat {
  id: string
  channel: string
  lastCustomerMessageAt: Date | null
  heard: number
}

interface Candidate {
  visit: PlannedVisit
  template: TemplateDoc
}

/** `conversation: null`: sent to the mini program only (the member answers it there). */
type Decision = { send: true; conversation: LatestChat | null } | { send: false; reason: SkipReason }

export interface PlanOutcome {
  day: string
  visits: number
  /** Invitations this run wrote (a rerun, or another instance, finds them written and writes none). */
  planned: number
  sent: number
  skipped: Partial<Record<SkipReason, number>>
}

/** The complaint statuses of a case still being handled (core/complaints: `openComplaintExists`). */
const OPEN_COMPLAINT = { $in: ['open', 'reopened'] }


/**
 * Plans today's invitations in bulk: the visits each template is due for (yesterday's visits for
 * the visit surveys, older ones for the later touchpoints), one survey per member, the members'
 * eligibility read a whole day at a time, and the invitations — sent or skipped with the reason —
 * inserted with `ordered: false`. The unique key (visit, survey type) makes a rerun or a second
 * instance insert nothing twice; delivery is a separate step (delivery.ts).
 */
export async function planInvitations(deps: Pick<Deps, 'db' | 'clock'>, now: Date, options: { recentDays: number }): Promise<PlanOutcome> {
  const { db } = deps
  const today = businessDay(now)
  const templates = [...(await currentTemplates(deps)).values()]
  const dueDay = (t: TemplateDoc) => addDays(today, -t.delayDays)

  const byMember = new Map<string, Candidate[]>()
  let visits = 0
  const dueDays = [...new Set(templates.map(dueDay))]
  const visitProjection = { memberId: 1, clinicCode: 1, type: 1, visitDay: 1, visitedAt: 1 }
  for await (const row of visitModel(db).collection.find({ visitDay: { $in: dueDays } }, { projection: visitProjection, batchSize: 1000 })) {
    const raw = row as unknown as VisitRow
    const visit: PlannedVisit = { id: String(raw._id), memberId: String(raw.memberId), clinicCode: raw.clinicCode, type: raw.type, visitDay: raw.visitDay, at: raw.visitedAt.getTime() }
    visits++
    for (const template of templates) {
      if (template.visitType !== visit.type || dueDay(template) !== visit.visitDay) continue
      const key = visit.memberId
      const candidates = byMember.get(key)
      if (candidates) candidates.push({ visit, template })
      else byMember.set(key, [{ visit, template }])
    }
  }
  for (const candidates of byMember.values()) {
    candidates.sort((a, b) => SURVEY_RANK[a.template.key] - SURVEY_RANK[b.template.key] || b.visit.at - a.visit.at)
  }

  // What decides each member's survey, read a whole day at a time and kept as small as it can be.
  const memberIds = [...byMember.keys()].map((id) => new Types.ObjectId(id))
  const since = new Date(now.getTime() - options.recentDays * 24 * 3600_000)
  const memberOf = new Map<string, MemberState>()
  const inMiniProgram = new Set<string>()
  const conversationOf = new Map<string, LatestChat>()
  const planned = new Set<string>()
  const surveyedVisits = new Map<string, Set<string>>()
  const [, , , complaints] = await Promise.all([
    eachRowWhereIn<MemberRow>(db, memberModel(db), '_id', memberIds, { projection: { status: 1, optedOut: 1, miniprogramAt: 1 } }, (m) => {
      if (m.miniprogramAt) inMiniProgram.add(String(m._id))
      if (m.status !== 'merged') memberOf.set(String(m._id), m.status === 'pending' ? 'pending' : m.optedOut ? 'opted_out' : 'reachable')
    }),
    // The member's conversation a survey goes to: the one they wrote in last.
    eachRowWhereIn<ConversationRow>(db, conversationModel(db), 'memberId', memberIds, { projection: { channel: 1, lastCustomerMessageAt: 1, lastMessageAt: 1 } }, (c) => {
      const heard = (c.lastCustomerMessageAt ?? c.lastMessageAt ?? new Date(0)).getTime()
      const best = conversationOf.get(String(c.memberId))
      if (!best || heard > best.heard) conversationOf.set(String(c.memberId), { id: String(c._id), channel: c.channel, lastCustomerMessageAt: c.lastCustomerMessageAt ?? null, heard })
    }),
    // Their invitations so far: which of today's are planned already (a rerun), and who was surveyed lately.
    eachRowWhereIn<PastRow>(db, invitationModel(db), 'memberId', memberIds, { projection: { visitId: 1, surveyType: 1, sentAt: 1 } }, (r) => {
      planned.add(`${r.visitId}:${r.surveyType}`)
      if (options.recentDays > 0 && r.sentAt && r.sentAt >= since) surveyedVisits.set(String(r.memberId), (surveyedVisits.get(String(r.memberId)) ?? new Set()).add(String(r.visitId)))
    }),
    // Few cases are open at any time: read them all rather than ask per member.
    complaintModel(db).collection.find({ status: OPEN_COMPLAINT, memberId: { $ne: null } }, { projection: { memberId: 1 } }).toArray(),
  ])
  const withOpenComplaint = new Set(complaints.map((c) => String(c.memberId)))

  const decide = (memberId: string, chosen: Candidate): Decision => {
    const member = memberOf.get(memberId)
    if (!member) return { send: false, reason: 'member_missing' }
    if (member === 'pending') return { send: false, reason: 'no_channel_identity' }
    if (member === 'opted_out') return { send: false, reason: 'opted_out' }
    if (withOpenComplaint.has(memberId)) return { send: false, reason: 'open_complaint' }
    // The touchpoints of one visit are a planned sequence; "recently" means for another visit.
    if ([...(surveyedVisits.get(memberId) ?? [])].some((visitId) => visitId !== chosen.visit.id)) return { send: false, reason: 'surveyed_recently' }
    // A member who cannot be asked in chat now but uses the mini program answers it there.
    const unlessMiniProgram = (reason: SkipReason): Decision => (inMiniProgram.has(memberId) ? { send: true, conversation: null } : { send: false, reason })
    const conversation = conversationOf.get(memberId)
    if (!conversation) return unlessMiniProgram('no_conversation')
    if (!(conversation.channel in CHANNEL_CAPABILITIES)) return unlessMiniProgram('channel_cannot_send')
    const route = unpromptedRoute(conversation.channel as ChannelKind, conversation.lastCustomerMessageAt ?? null, now)
    if (route.kind === 'skip') return unlessMiniProgram(route.reason)
    // 客户联系 needs a staff member to confirm a mass task; an interactive survey waits for the WeCom work.
    if (route.kind === 'mass_task') return unlessMiniProgram('needs_mass_task')
    return { send: true, conversation }
  }

  // Only the fields known now: answers, score and delivery are added as they happen (model.ts).
  const invitation = (c: Candidate, decision: Decision): InvitationDoc => ({
    _id: new Types.ObjectId(),
    key: `${c.visit.id}:${c.template.key}`,
    visitId: new Types.ObjectId(c.visit.id),
    memberId: new Types.ObjectId(c.visit.memberId),
    clinicCode: c.visit.clinicCode,
    visitType: c.visit.type,
    visitDay: c.visit.visitDay,
    surveyType: c.template.key,
    templateVersion: c.template.version,
    planDay: today,
    createdAt: now,
    ...(!decision.send
      ? { status: 'skipped', skipReason: decision.reason }
      : decision.conversation
        ? { status: 'sent', sentAt: now, expiresAt: new Date(now.getTime() + ANSWER_WINDOW_MS), conversationId: new Types.ObjectId(decision.conversation.id), channel: decision.conversation.channel }
        : { status: 'sent', sentAt: now, expiresAt: new Date(now.getTime() + ANSWER_WINDOW_MS), channel: 'miniprogram', deliveredAt: now }),
  })
  const outcome: PlanOutcome = { day: today, visits, planned: 0, sent: 0, skipped: {} }
  let docs: InvitationDoc[] = []
  // Two chunks in flight: the database encodes one while it writes the other.
  const inFlight = new Set<Promise<void>>()
  let failure: unknown = null
  const flush = async () => {
    if (failure) throw failure
    const chunk = docs
    docs = []
    const write = insertNew(invitationModel(db).collection as unknown as InsertTarget<InvitationDoc>, chunk, INSERT_CHUNK).then((inserted) => {
      for (const doc of inserted) {
        outcome.planned++
        if (doc.status === 'sent') outcome.sent++
        else outcome.skipped[doc.skipReason!] = (outcome.skipped[doc.skipReason!] ?? 0) + 1
      }
    })
    const tracked: Promise<void> = write.catch((err) => void (failure ??= err)).finally(() => inFlight.delete(tracked))
    inFlight.add(tracked)
    if (inFlight.size >= WRITES_IN_FLIGHT) await Promise.race(inFlight)
  }
  for (const [memberId, [chosen, ...others]] of byMember) {
    const unplanned = [chosen, ...others].filter((c) => !planned.has(`${c.visit.id}:${c.template.key}`))
    if (!unplanned.length) continue // a rerun: this member's day is planned
    const decision = decide(memberId, chosen)
    for (const c of unplanned) docs.push(invitation(c, c === chosen || !decision.send ? decision : { send: false, reason: 'one_per_member' }))
    if (docs.length >= INSERT_CHUNK) await flush() // written as they are decided: the day is never held whole
  }
  await flush()
  await Promise.all(inFlight)
  if (failure) throw failure
  return outcome
}
