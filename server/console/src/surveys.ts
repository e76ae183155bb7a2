/** Follow-up surveys as the console reads them (GET /api/surveys/report, /followups, /templates) and their labels. */
import type { ReportRow } from '../../../core/surveys/report.ts'
import type { Role } from './roles.ts'

import type { SurveyType } from '../../../core/surveys/model.ts'
export type { SurveyType }

/** The API's SURVEY_MANAGERS (server/routes/surveys.ts): the report, the call-backs and template edits. */
export const SURVEY_MANAGERS: readonly Role[] = ['supervisor', 'director', 'admin']

/** The server's own labels (core/surveys/copy.ts), shared rather than copied. */
export { FOLLOW_UP_REASON_LABELS, SURVEY_TYPE_LABELS } from '../../../core/surveys/copy.ts'
export const QUESTION_KIND_LABELS: Record<string, string> = { score: '1–5 分', choice: '单选', text: '文字' }

/** The report's shapes, as the API defines them (type-only: nothing of the server is bundled). */
export type { Figures, ReportRow } from '../../../core/surveys/report.ts'

export interface SurveyReport {
  from: string
  to: string
  rows: ReportRow[]
  clinics: ReportRow[]
  types: ReportRow[]
  totals: ReportRow
  cases: Array<{ followUpId: string; planDay: string; clinicCode: string; surveyType: SurveyType; memberId: string; score: number | null; reasonLabel: string; comment: string | null; status: 'open' | 'done'; assigneeName: string | null; note: string | null }>
  comments: Array<{ invitationId: string; planDay: string; clinicCode: string; surveyType: SurveyType; score: number | null; text: string; problem: boolean }>
  commentsTotal: number
}

export interface FollowUp {
  id: string
  invitationId: string
  memberId: string
  clinicCode: string
  surveyType: SurveyType
  reason: string
  reasons: string[]
  score: number | null
  comment: string | null
  status: 'open' | 'done'
  assignee: string | null
  assigneeName: string | null
  note: string | null
  createdAt: string
  doneAt: string | null
}

export interface SurveyTemplate {
  key: SurveyType
  version: number
  name: string
  visitType: string
  delayDays: number
  intro: string
  thanks: string
  questions: Array<{ id: string; kind: 'score' | 'choice' | 'text'; text: string; options?: Array<{ id: string; label: string; followUp?: boolean }> }>
  createdAt: string
  createdBy: string | null
}

export const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`)
export const score = (value: number | null) => (value === null ? '—' : value.toFixed(2))
