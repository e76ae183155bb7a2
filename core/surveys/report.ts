/**
 * The satisfaction figures per clinic and survey type over plan days (Asia/Shanghai), for the
 * Friday 周报 and GET /api/surveys/report. FerretDB v1.24 has no `$avg` and computes only the first
 * accumulator of a `$group` (core/complaints/README.md), so one pipeline counts invitations by
 * every dimension at once (clinic, type, status, responded, overall score) and the rest — sums,
 * averages, rates, the 1–5 distribution — is folded here from those counts.
 */
import type { Deps } from '../../platform/deps.ts'
import { clinicModel, type ClinicDoc } from '../clinics/model.ts'
import { FOLLOW_UP_REASON_LABELS, SURVEY_TYPE_LABELS } from './copy.ts'
import { followUpModel, invitationModel, SURVEY_TYPES, type FollowUpDoc, type InvitationDoc, type InvitationStatus, type SurveyType } from './model.ts'

export interface ReportQuery {
  from: string
  to: string
  /** Only these clinics (empty: all). */
  clinicCodes: string[]
}

export interface Figures {
  /** Invitations sent (skipped ones are counted apart). */
  invitations: number
  skipped: number
  /** Sent invitations with at least one answered question. */
  responses: number
  responseRate: number | null
  /** Responses with an overall score, and the sum of those scores (average = sum / count). */
  scored: number
  scoreSum: number
  averageScore: number | null
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>
  /** NPS-style: promoters 5, passives 4, detractors ≤ 3; nps = (promoters − detractors) / scored × 100. */
  promoters: number
  passives: number
  detractors: number
  nps: number | null
  /** Overall score ≤ 2. */
  lowScoreCases: number
  followUps: number
  followUpsOpen: number
  followUpsDone: number
}

export interface ReportRow extends Figures {
  clinicCode: string | null
  clinicName: string
  surveyType: SurveyType | null
  surveyTypeLabel: string
}

export interface CaseLine {
  followUpId: string
  invitationId: string
  planDay: string
  clinicCode: string
  surveyType: SurveyType
  memberId: string
  score: number | null
  reason: string
  reasonLabel: string
  comment: string | null
  status: 'open' | 'done'
  assigneeName: string | null
  note: string | null
}

export interface CommentLine {
  invitationId: string
  planDay: string
  clinicCode: string
  surveyType: SurveyType
  score: number | null
  text: string
  problem: boolean
}

export interface SurveyReport {
  from: string
  to: string
  /** One row per clinic and survey type that had invitations. */
  rows: ReportRow[]
  /** One row per clinic (all types). */
  clinics: ReportRow[]
  /** One row per survey type (all clinics). */
  types: ReportRow[]
  totals: ReportRow
  /** Follow-ups (low scores, requests to be called, described problems) with their status. */
  cases: CaseLine[]
  comments: CommentLine[]
  commentsTotal: number
}

const COMMENTS_SHOWN = 1000

function emptyFigures(): Figures {
  return {
    invitations: 0,
    skipped: 0,
    responses: 0,
    responseRate: null,
    scored: 0,
    scoreSum: 0,
    averageScore: null,
    distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 },
    promoters: 0,
    passives: 0,
    detractors: 0,
    nps: null,
    lowScoreCases: 0,
    followUps: 0,
    followUpsOpen: 0,
    followUpsDone: 0,
  }
}

const ADDITIVE = ['invitations', 'skipped', 'responses', 'scored', 'scoreSum', 'promoters', 'passives', 'detractors', 'lowScoreCases', 'followUps', 'followUpsOpen', 'followUpsDone'] as const

export function addFigures(target: Figures, row: Figures): void {
  for (const key of ADDITIVE) target[key] += row[key]
  for (const score of ['1', '2', '3', '4', '5'] as const) target.distribution[score] += row.distribution[score]
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places

export function finishFigures(f: Figures): void {
  f.responseRate = f.invitations ? round(f.responses / f.invitations, 4) : null
  f.averageScore = f.scored ? round(f.scoreSum / f.scored, 2) : null
  f.nps = f.scored ? Math.round(((f.promoters - f.detractors) / f.scored) * 100) : null
}

function countInto(f: Figures, id: { status: InvitationStatus; responded: boolean; score: number | null }, n: number) {
  if (id.status === 'skipped') {
    f.skipped += n
    return
  }
  f.invitations += n
  if (id.responded) f.responses += n
  const score = id.score
  if (score === null || score === undefined || score < 1 || score > 5) return
  f.scored += n
  f.scoreSum += score * n
  f.distribution[String(score) as '1'] += n
  if (score === 5) f.promoters += n
  else if (score === 4) f.passives += n
  else f.detractors += n
  if (score <= 2) f.lowScoreCases += n
}

type CountKey = { clinicCode: string; surveyType: SurveyType; status: InvitationStatus; responded: boolean; score: number | null }

/**
 * The period's invitations in one pass of a cursor (FerretDB reads the whole collection for any
 * query but one by `_id`, so one pass instead of a count, a group and a sorted find): the counts
 * per clinic, type, status and score, and the newest comments, whose answers are read by `_id`.
 */
async function invitationFigures(deps: Pick<Deps, 'db'>, match: Record<string, unknown>) {
  const Invitation = invitationModel(deps.db)
  const counts = new Map<string, { _id: CountKey; n: number }>()
  const commented: Array<{ _id: InvitationDoc['_id']; planDay: string }> = []
  const projection = { clinicCode: 1, surveyType: 1, status: 1, responded: 1, score: 1, planDay: 1, comment: 1 }
  for await (const doc of Invitation.collection.find(match, { projection, batchSize: 5000 })) {
    const id: CountKey = { clinicCode: doc.clinicCode, surveyType: doc.surveyType, status: doc.status, responded: Boolean(doc.responded), score: doc.score ?? null }
    const key = `${id.clinicCode}|${id.surveyType}|${id.status}|${id.responded}|${id.score}`
    const entry = counts.get(key)
    if (entry) entry.n++
    else counts.set(key, { _id: id, n: 1 })
    if (doc.status !== 'skipped' && typeof doc.comment === 'string') commented.push({ _id: doc._id as InvitationDoc['_id'], planDay: doc.planDay })
  }
  commented.sort((a, b) => b.planDay.localeCompare(a.planDay) || String(b._id).localeCompare(String(a._id)))
  const shown = await Promise.all(commented.slice(0, COMMENTS_SHOWN).map(({ _id }) => Invitation.findById(_id, { clinicCode: 1, surveyType: 1, planDay: 1, score: 1, comment: 1, answers: 1 }).lean<InvitationDoc>()))
  return { counts: [...counts.values()], comments: shown.filter((doc): doc is InvitationDoc => doc !== null), commentsTotal: commented.length }
}

export async function surveyReport(deps: Pick<Deps, 'db'>, query: ReportQuery): Promise<SurveyReport> {
  const match: Record<string, unknown> = { planDay: { $gte: query.from, $lte: query.to } }
  if (query.clinicCodes.length) match.clinicCode = { $in: query.clinicCodes }
  const [{ counts, comments, commentsTotal }, followUps, clinics] = await Promise.all([
    invitationFigures(deps, match),
    followUpModel(deps.db).find(match).sort({ planDay: 1, createdAt: 1, _id: 1 }).lean<FollowUpDoc[]>(),
    clinicModel(deps.db).find({}, { code: 1, name: 1 }).lean<ClinicDoc[]>(),
  ])
  const names = new Map(clinics.map((c) => [c.code, c.name]))

  const rowsByKey = new Map<string, ReportRow>()
  const row = (clinicCode: string, surveyType: SurveyType) => {
    const key = `${clinicCode} ${surveyType}`
    let r = rowsByKey.get(key)
    if (!r) rowsByKey.set(key, (r = { clinicCode, clinicName: names.get(clinicCode) ?? clinicCode, surveyType, surveyTypeLabel: SURVEY_TYPE_LABELS[surveyType], ...emptyFigures() }))
    return r
  }
  for (const { _id: id, n } of counts) countInto(row(id.clinicCode, id.surveyType), { ...id, score: id.score ?? null }, n)
  for (const f of followUps) {
    const r = row(f.clinicCode, f.surveyType)
    r.followUps++
    if (f.status === 'done') r.followUpsDone++
    else r.followUpsOpen++
  }

  const rows = [...rowsByKey.values()].sort((a, b) => a.clinicCode!.localeCompare(b.clinicCode!) || SURVEY_TYPES.indexOf(a.surveyType!) - SURVEY_TYPES.indexOf(b.surveyType!))
  const perClinic = new Map<string, ReportRow>()
  const perType = new Map<SurveyType, ReportRow>()
  const totals: ReportRow = { clinicCode: null, clinicName: '合计', surveyType: null, surveyTypeLabel: '全部', ...emptyFigures() }
  for (const r of rows) {
    finishFigures(r)
    let c = perClinic.get(r.clinicCode!)
    if (!c) perClinic.set(r.clinicCode!, (c = { clinicCode: r.clinicCode, clinicName: r.clinicName, surveyType: null, surveyTypeLabel: '全部', ...emptyFigures() }))
    let t = perType.get(r.surveyType!)
    if (!t) perType.set(r.surveyType!, (t = { clinicCode: null, clinicName: '全部机构', surveyType: r.surveyType, surveyTypeLabel: r.surveyTypeLabel, ...emptyFigures() }))
    for (const target of [c, t, totals]) addFigures(target, r)
  }
  for (const r of [...perClinic.values(), ...perType.values(), totals]) finishFigures(r)

  return {
    from: query.from,
    to: query.to,
    rows,
    clinics: [...perClinic.values()],
    types: SURVEY_TYPES.flatMap((t) => (perType.has(t) ? [perType.get(t)!] : [])),
    totals,
    cases: followUps.map((f) => ({
      followUpId: String(f._id),
      invitationId: String(f.invitationId),
      planDay: f.planDay,
      clinicCode: f.clinicCode,
      surveyType: f.surveyType,
      memberId: String(f.memberId),
      score: f.score ?? null,
      reason: f.reason,
      reasonLabel: (f.reasons?.length ? f.reasons : [f.reason]).map((r) => FOLLOW_UP_REASON_LABELS[r]).join('、'),
      comment: f.comment ?? null,
      status: f.status,
      assigneeName: f.assigneeName ?? null,
      note: f.note ?? null,
    })),
    comments: comments.map((doc) => ({
      invitationId: String(doc._id),
      planDay: doc.planDay,
      clinicCode: doc.clinicCode,
      surveyType: doc.surveyType,
      score: doc.score ?? null,
      text: doc.comment!,
      problem: (doc.answers ?? []).some((a) => a.negative),
    })),
    commentsTotal,
  }
}
