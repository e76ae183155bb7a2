/** What crosses the HTTP edge for surveys. */
import { z } from 'zod'
import { calendarDay } from '../calendar/schemas.ts'
import { VISIT_TYPES } from '../visits/model.ts'
import { FOLLOW_UP_STATUSES, INVITATION_STATUSES, QUESTION_KINDS, SURVEY_TYPES } from './model.ts'

const text = (max: number) => z.string().trim().min(1).max(max)
const day = calendarDay
const objectId = z.string().regex(/^[0-9a-f]{24}$/, 'not an id')

export const templateKeyParams = z.object({ key: z.enum(SURVEY_TYPES) })

const optionInput = z.object({ id: text(20).optional(), label: text(60), followUp: z.boolean().optional() })
const questionInput = z.object({
  id: text(20).optional(),
  kind: z.enum(QUESTION_KINDS),
  text: text(300),
  options: z.array(optionInput).max(6).optional(),
})

export const templateUpdateBody = z.object({
  name: text(40).optional(),
  intro: text(500).optional().describe('may contain {clinic} and {date}'),
  thanks: text(300).optional(),
  delayDays: z.number().int().min(1).max(365).optional().describe('days after the visit day; later touchpoints only'),
  questions: z.array(questionInput).min(3).max(5),
})
export type TemplateUpdate = z.infer<typeof templateUpdateBody>

const questionView = z.object({
  id: z.string(),
  kind: z.enum(QUESTION_KINDS),
  text: z.string(),
  options: z.array(z.object({ id: z.string(), label: z.string(), followUp: z.boolean().optional() })).optional(),
})

export const templateView = z.object({
  key: z.enum(SURVEY_TYPES),
  version: z.number().int(),
  name: z.string(),
  visitType: z.enum(VISIT_TYPES),
  delayDays: z.number().int(),
  intro: z.string(),
  thanks: z.string(),
  questions: z.array(questionView),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
})

export const invitationsQuery = z.object({
  memberId: objectId.optional(),
  status: z.enum(INVITATION_STATUSES).optional(),
  visitType: z.enum(VISIT_TYPES).optional(),
  surveyType: z.enum(SURVEY_TYPES).optional(),
  clinicCode: text(16).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
})

const answerView = z.object({
  questionId: z.string(),
  kind: z.enum(QUESTION_KINDS),
  skipped: z.boolean(),
  score: z.number().int().optional(),
  choice: z.string().optional(),
  text: z.string().optional(),
  at: z.string(),
})

export const invitationView = z.object({
  id: z.string(),
  memberId: z.string(),
  visitId: z.string(),
  clinicCode: z.string(),
  visitType: z.enum(VISIT_TYPES),
  surveyType: z.enum(SURVEY_TYPES),
  templateVersion: z.number().int(),
  status: z.enum(INVITATION_STATUSES),
  skipReason: z.string().nullable(),
  sentAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  answers: z.array(answerView),
  score: z.number().int().nullable(),
  comment: z.string().nullable(),
})

export const followUpsQuery = z.object({
  status: z.enum(FOLLOW_UP_STATUSES).optional(),
  clinicCode: text(16).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
})

export const followUpParams = z.object({ id: objectId })
export const followUpDoneBody = z.object({ note: text(2000) })

export const followUpView = z.object({
  id: z.string(),
  invitationId: z.string(),
  memberId: z.string(),
  clinicCode: z.string(),
  surveyType: z.enum(SURVEY_TYPES),
  reason: z.string(),
  reasons: z.array(z.string()),
  score: z.number().int().nullable(),
  comment: z.string().nullable(),
  status: z.enum(FOLLOW_UP_STATUSES),
  assignee: z.string().nullable(),
  assigneeName: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  doneAt: z.string().nullable(),
})

export const reportQuery = z
  .object({
    from: day.optional().describe('first plan day, default: 6 days before `to`'),
    to: day.optional().describe('last plan day, default: today'),
    clinicCode: text(16).optional(),
    format: z.enum(['json', 'xlsx']).default('json'),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from is after to', path: ['from'], when: ({ issues }) => issues.length === 0 })

/** One answer as the mini program sends it; the chat builds the same from the customer's words. */
export const answerInput = z.object({
  questionId: text(20),
  score: z.number().int().min(1).max(5).optional(),
  choice: text(20).optional().describe('the option id'),
  text: text(500).optional().describe('the answer to a text question; on a score or choice question a comment beside the answer, or instead of it'),
  skipped: z.boolean().optional(),
})
export type AnswerInput = z.infer<typeof answerInput> & { negative?: boolean }

const reportRowView = z.object({
  clinicCode: z.string().nullable(),
  clinicName: z.string(),
  surveyType: z.enum(SURVEY_TYPES).nullable(),
  surveyTypeLabel: z.string(),
  invitations: z.number(),
  skipped: z.number(),
  responses: z.number(),
  responseRate: z.number().nullable(),
  scored: z.number(),
  scoreSum: z.number(),
  averageScore: z.number().nullable(),
  distribution: z.record(z.enum(['1', '2', '3', '4', '5']), z.number()),
  promoters: z.number(),
  passives: z.number(),
  detractors: z.number(),
  nps: z.number().nullable(),
  lowScoreCases: z.number(),
  followUps: z.number(),
  followUpsOpen: z.number(),
  followUpsDone: z.number(),
})

export const surveyReportView = z.object({
  from: z.string(),
  to: z.string(),
  rows: z.array(reportRowView),
  clinics: z.array(reportRowView),
  types: z.array(reportRowView),
  totals: reportRowView,
  cases: z.array(
    z.object({
      followUpId: z.string(),
      invitationId: z.string(),
      planDay: z.string(),
      clinicCode: z.string(),
      surveyType: z.enum(SURVEY_TYPES),
      memberId: z.string(),
      score: z.number().nullable(),
      reason: z.string(),
      reasonLabel: z.string(),
      comment: z.string().nullable(),
      status: z.enum(FOLLOW_UP_STATUSES),
      assigneeName: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
  comments: z.array(z.object({ invitationId: z.string(), planDay: z.string(), clinicCode: z.string(), surveyType: z.enum(SURVEY_TYPES), score: z.number().nullable(), text: z.string(), problem: z.boolean() })),
  commentsTotal: z.number(),
})

export const weeklyReportsView = z.object({ items: z.array(z.object({ id: z.string(), from: z.string(), to: z.string(), summary: z.string(), createdAt: z.string() })), total: z.number() })
