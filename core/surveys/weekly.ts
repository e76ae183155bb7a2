import { businessDay } from '../../platform/clock.ts'
import type { Deps } from '../../platform/deps.ts'
import { isDuplicateKeyError } from '../../platform/errors.ts'
import { publishLiveEvent } from '../../platform/live-events.ts'
import { addDays } from '../calendar/days.ts'
import { notifyStaff } from '../notifications/service.ts'
import { staffModel, type StaffDoc } from '../staff/model.ts'
import { surveyNoticeCopy, weeklySummary } from './copy.ts'
import { surveyReportModel, type ReportRecipient } from './model.ts'
import { addFigures, finishFigures, surveyReport, type ReportRow, type SurveyReport } from './report.ts'

/** 周报 recipients: service directors and clinic heads (director), supervisors (supervisor). */
const RECIPIENT_ROLES = ['director', 'supervisor']

/** The week the Friday report covers: the seven plan days ending today, so consecutive reports leave no day out. */
export function reportWeek(now: Date): { from: string; to: string } {
  const to = businessDay(now)
  return { from: addDays(to, -6), to }
}

function summaryFor(report: SurveyReport, clinicCodes: string[]): string {
  if (!clinicCodes.length) return weeklySummary(report.from, report.to, report.totals, report.clinics)
  const clinics = report.clinics.filter((c) => clinicCodes.includes(c.clinicCode!))
  const totals = { ...report.totals, ...emptyTotals() }
  for (const c of clinics) addFigures(totals, c)
  finishFigures(totals)
  return weeklySummary(report.from, report.to, totals, clinics)
}

function emptyTotals(): Omit<ReportRow, 'clinicCode' | 'clinicName' | 'surveyType' | 'surveyTypeLabel'> {
  return {
    invitations: 0, skipped: 0, responses: 0, responseRate: null, scored: 0, scoreSum: 0, averageScore: null,
    distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 }, promoters: 0, passives: 0, detractors: 0, nps: null,
    lowScoreCases: 0, followUps: 0, followUpsOpen: 0, followUpsDone: 0,
  }
}

/**
 * Friday's job: computes the week's figures, stores them with a Chinese summary per recipient
 * (supervisors see their own clinics' lines), and announces the report on the live event feed.
 * Each recipient gets it as a notification (core/notifications: the console's bell and, with WeCom
 * set up, a WeCom app message). One report per week: a second run finds it stored and announces nothing.
 */
export async function storeWeeklyReport(deps: Pick<Deps, 'db' | 'clock' | 'config'>, now: Date) {
  const { from, to } = reportWeek(now)
  const report = await surveyReport(deps, { from, to, clinicCodes: [] })
  const staff = await staffModel(deps.db).find({ roles: { $in: RECIPIENT_ROLES }, active: true }).sort({ username: 1 }).lean<StaffDoc[]>()
  const recipients: ReportRecipient[] = staff.map((s) => ({
    staffId: String(s._id),
    name: s.name,
    roles: s.roles.filter((r) => RECIPIENT_ROLES.includes(r)),
    clinicCodes: s.clinicCodes,
    summary: summaryFor(report, s.clinicCodes),
  }))
  const summary = summaryFor(report, [])
  try {
    const stored = await surveyReportModel(deps.db).create({ key: `weekly:${from}:${to}`, from, to, figures: report, summary, recipients, createdAt: now })
    await publishLiveEvent(deps.db, 'report', { kind: 'surveys.weekly', id: String(stored._id), from, to, summary, recipients: recipients.map((r) => r.staffId) })
    await deliverWeeklyReport(deps, from, to, recipients)
    return { stored: true, from, to, invitations: report.totals.invitations, responses: report.totals.responses, recipients: recipients.length }
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
    // Stored by an earlier run, which may have stopped before everyone was told (keyed: nobody twice).
    const stored = await surveyReportModel(deps.db).findOne({ key: `weekly:${from}:${to}` }).lean<{ recipients: ReportRecipient[] }>()
    await deliverWeeklyReport(deps, from, to, stored?.recipients ?? [])
    return { stored: false, from, to, reason: 'already_stored' }
  }
}

/** Each recipient reads the figures of their own clinics in a notification, with a link to the whole report. */
async function deliverWeeklyReport(deps: Pick<Deps, 'db' | 'clock' | 'config'>, from: string, to: string, recipients: ReportRecipient[]) {
  const staff = await staffModel(deps.db).find({ active: true, roles: { $in: RECIPIENT_ROLES } }).lean<StaffDoc[]>()
  for (const r of recipients) {
    const person = staff.find((s) => String(s._id) === r.staffId)
    if (!person) continue // left since
    const notice = { key: `weekly-report:${from}:${to}`, kind: 'weekly_report' as const, link: `/surveys?from=${from}&to=${to}`, body: r.summary, ...surveyNoticeCopy.weekly(from, to) }
    await notifyStaff(deps, notice, [person])
  }
}

/** The stored weekly reports, newest first (the console's 周报 list). */
export async function listWeeklyReports(deps: Pick<Deps, 'db'>, page: { limit: number; offset: number }) {
  const Report = surveyReportModel(deps.db)
  const [docs, total] = await Promise.all([
    Report.find({}, { figures: 0 }).sort({ to: -1 }).skip(page.offset).limit(page.limit).lean<Array<{ _id: unknown; from: string; to: string; summary: string; createdAt: Date }>>(),
    Report.countDocuments(),
  ])
  return { items: docs.map((d) => ({ id: String(d._id), from: d.from, to: d.to, summary: d.summary, createdAt: d.createdAt.toISOString() })), total }
}
