/**
 * When an admin enters (or corrects) a year's holiday calendar, the open working-day deadlines are
 * counted again: first contact not yet made, and a bank-card refund not yet arrived. Closing (7 / 14
 * calendar days) and the steps' limits (hours, calendar days) do not depend on holidays and cannot
 * move. Each case that changes gets one audit line through `changeCase`; each clinic's supervisors
 * get one notice listing its moved cases.
 *
 * Safe to run twice and to resume after a crash: a case already recomputed has nothing left to
 * change, every move is recorded under `<run>:<number>:<deadline>`, and the notice under
 * `<run>:<clinic>`, so a second run finds the first run's moves and never notifies twice.
 */
import { notifyStaff } from '../notifications/service.ts'
import { Schema } from 'mongoose'
import type { Deps } from '../../platform/deps.ts'
import { isDuplicateKeyError } from '../../platform/errors.ts'
import { publishLiveEvent } from '../../platform/live-events.ts'
import { staffModel, type StaffDoc } from '../staff/model.ts'
import { changeCase, type Change } from './audit.ts'
import { calendarAuditNote, calendarNoticeMessage, type MovedDeadline } from './copy.ts'
import { bankCardArrival, firstContactDeadline } from './deadlines.ts'
import { complaintModel, type ActorRef, type CaseDoc } from './model.ts'
import { modelOf } from '../../platform/db/model-of.ts'

const moveSchema = new Schema(
  {
    _id: { type: String, required: true },
    run: { type: String, required: true },
    number: { type: String, required: true },
    clinicCode: { type: String, required: true },
    deadline: { type: String, required: true },
    from: { type: Date, required: true },
    to: { type: Date, required: true },
  },
  { collection: 'complaint_calendar_moves', versionKey: false },
)

export const calendarMoveModel = modelOf('ComplaintCalendarMove', moveSchema)

export interface CalendarNoticeDoc {
  _id: string
  run: string
  year: number
  version: number
  clinicCode: string
  cases: Array<{ number: string; deadline: string; from: Date; to: Date }>
  recipients: Array<{ id: string; name: string; roles: string[] }>
  message: string
  firedAt: Date
}

/** One per calendar version and clinic; `_id` `<year>:v<version>:<clinic>`. */
const noticeSchema = new Schema(
  {
    _id: { type: String, required: true },
    run: { type: String, required: true },
    year: { type: Number, required: true },
    version: { type: Number, required: true },
    clinicCode: { type: String, required: true },
    cases: { type: [Schema.Types.Mixed], default: [] },
    recipients: { type: [Schema.Types.Mixed], default: [] },
    message: { type: String, required: true },
    firedAt: { type: Date, required: true, index: true },
  },
  { collection: 'complaint_calendar_notices', versionKey: false },
)

export const calendarNoticeModel = modelOf('ComplaintCalendarNotice', noticeSchema)

export const calendarRecomputeModels = [calendarMoveModel, calendarNoticeModel]

const toggled = (names: string[], name: string, on: boolean) => (on ? (names.includes(name) ? names : [...names, name]) : names.filter((n) => n !== name))

/** The change the current calendar makes to a case's open working-day deadlines, or null. */
export function recalendared(doc: CaseDoc, now: Date): { set: Change['set']; moved: Array<Omit<MovedDeadline, 'number'>>; confirmed: string[] } | null {
  const set: Change['set'] = {}
  const moved: Array<Omit<MovedDeadline, 'number'>> = []
  let names = doc.provisionalDeadlines
  if (!doc.firstContactAt) {
    const due = firstContactDeadline(new Date(doc.receivedAt))
    if (due.dueAt.getTime() !== new Date(doc.firstContactDueAt).getTime()) {
      set.firstContactDueAt = due.dueAt
      moved.push({ deadline: 'first_contact', from: new Date(doc.firstContactDueAt), to: due.dueAt })
    }
    names = toggled(names, 'first_contact', due.provisional)
  }
  const refund = doc.refund
  if (refund?.method === 'bank_card' && new Date(refund.expectedArrivalAt) > now) {
    const arrival = bankCardArrival(new Date(refund.processedAt))
    if (arrival.dueAt.getTime() !== new Date(refund.expectedArrivalAt).getTime()) {
      set.refund = { ...refund, expectedArrivalAt: arrival.dueAt }
      moved.push({ deadline: 'refund_arrival', from: new Date(refund.expectedArrivalAt), to: arrival.dueAt })
    }
    names = toggled(names, 'refund_arrival', arrival.provisional)
  }
  const confirmed = doc.provisionalDeadlines.filter((n) => !names.includes(n) && !moved.some((m) => m.deadline === n))
  if (names.length !== doc.provisionalDeadlines.length || names.some((n, i) => n !== doc.provisionalDeadlines[i])) {
    set.provisionalDeadlines = names
    set.deadlinesProvisional = names.length > 0
  }
  return Object.keys(set).length ? { set, moved, confirmed } : null
}

export interface RecomputeResult {
  moved: number
  confirmed: number
  notices: number
}

/**
 * Recomputes every open working-day deadline on the calendar now installed, for the calendar
 * version `run` (`<year>:v<version>`), and notifies each clinic's supervisors of the moved cases.
 */
export async function recomputeComplaintDeadlines(
  deps: Pick<Deps, 'db' | 'clock' | 'log' | 'config'>,
  calendar: { year: number; version: number; savedBy: { id: string; name: string } },
): Promise<RecomputeResult> {
  const run = `${calendar.year}:v${calendar.version}`
  const now = deps.clock.now()
  // A scan, once per saved calendar: the cases with a working-day deadline still ahead of them.
  const candidates = await complaintModel(deps.db)
    .find({ $or: [{ firstContactAt: null }, { 'refund.method': 'bank_card', 'refund.expectedArrivalAt': { $gt: now } }] }, { number: 1 })
    .lean<Array<Pick<CaseDoc, 'number'>>>()
  const Move = calendarMoveModel(deps.db)
  const by: ActorRef = { id: calendar.savedBy.id, name: calendar.savedBy.name, role: 'admin' }
  let confirmedCases = 0
  for (const { number } of candidates) {
    let outcome: ReturnType<typeof recalendared> = null
    const doc = await changeCase(deps, number, (current, at) => {
      outcome = recalendared(current, at)
      if (!outcome) return null
      const moved = outcome.moved.map((m) => ({ ...m, number }))
      return { action: 'calendar', step: null, note: calendarAuditNote(calendar.year, calendar.version, moved, outcome.confirmed), by, set: outcome.set }
    })
    const applied = outcome as ReturnType<typeof recalendared>
    if (!applied) continue
    if (!applied.moved.length) confirmedCases++
    for (const m of applied.moved) {
      await Move.create({ _id: `${run}:${number}:${m.deadline}`, run, number, clinicCode: doc.clinicCode, ...m }).catch((err: unknown) => {
        if (!isDuplicateKeyError(err)) throw err
      })
    }
  }
  const notices = await notifySupervisors(deps, calendar, run, now)
  const moved = await Move.countDocuments({ run })
  deps.log.info({ run, moved, confirmed: confirmedCases, notices }, 'complaint deadlines recomputed on the entered holiday calendar')
  return { moved, confirmed: confirmedCases, notices }
}

async function notifySupervisors(deps: Pick<Deps, 'db' | 'clock' | 'config'>, calendar: { year: number; version: number }, run: string, now: Date): Promise<number> {
  const moves = await calendarMoveModel(deps.db).find({ run }).sort({ number: 1 }).lean<Array<MovedDeadline & { clinicCode: string }>>()
  if (!moves.length) return 0
  const supervisors = await staffModel(deps.db).find({ active: true, roles: 'supervisor' }).lean<StaffDoc[]>()
  const Notice = calendarNoticeModel(deps.db)
  let sent = 0
  for (const clinicCode of [...new Set(moves.map((m) => m.clinicCode))].sort()) {
    const cases = moves.filter((m) => m.clinicCode === clinicCode).map(({ number, deadline, from, to }) => ({ number, deadline, from, to }))
    const recipients = supervisors
      .filter((s) => s.clinicCodes.length === 0 || s.clinicCodes.includes(clinicCode))
      .map((s) => ({ id: String(s._id), name: s.name, roles: [...s.roles] }))
    const notice: CalendarNoticeDoc = {
      _id: `${run}:${clinicCode}`,
      run,
      year: calendar.year,
      version: calendar.version,
      clinicCode,
      cases,
      recipients,
      message: calendarNoticeMessage(calendar.year, calendar.version, clinicCode, cases),
      firedAt: now,
    }
    try {
      await Notice.create(notice)
    } catch (err) {
      if (isDuplicateKeyError(err)) continue // notified by an earlier run of this version
      throw err
    }
    sent++
    await publishLiveEvent(deps.db, 'complaints.calendar_notice', { clinicCode, year: calendar.year, cases: cases.length })
    const staff = supervisors.filter((s) => recipients.some((r) => r.id === String(s._id)))
    await notifyStaff(deps, { key: `calendar:${run}:${clinicCode}`, kind: 'calendar_deadlines', clinicCode, link: '/complaints', title: `${calendar.year}年节假日已录入：${cases.length} 个投诉期限调整（${clinicCode}）`, body: notice.message }, staff)
  }
  return sent
}

export interface CalendarNoticeView {
  id: string
  year: number
  version: number
  clinicCode: string
  cases: Array<{ number: string; deadline: string; from: string; to: string }>
  recipients: Array<{ id: string; name: string }>
  message: string
  firedAt: string
}

/** The notices for the staff member's clinics (empty list: all clinics), newest first. */
export async function listCalendarNotices(deps: Pick<Deps, 'db'>, query: { clinicCodes: string[]; limit: number; offset: number }) {
  const filter = query.clinicCodes.length ? { clinicCode: { $in: query.clinicCodes } } : {}
  const Notice = calendarNoticeModel(deps.db)
  const [docs, total] = await Promise.all([
    Notice.find(filter).sort({ firedAt: -1, _id: 1 }).skip(query.offset).limit(query.limit).lean<CalendarNoticeDoc[]>(),
    Notice.countDocuments(filter),
  ])
  const items: CalendarNoticeView[] = docs.map((d) => ({
    id: d._id,
    year: d.year,
    version: d.version,
    clinicCode: d.clinicCode,
    cases: d.cases.map((c) => ({ number: c.number, deadline: c.deadline, from: new Date(c.from).toISOString(), to: new Date(c.to).toISOString() })),
    recipients: d.recipients.map((r) => ({ id: r.id, name: r.name })),
    message: d.message,
    firedAt: d.firedAt.toISOString(),
  }))
  return { items, total }
}
