import { Schema, type Types } from 'mongoose'
import type { VisitType } from '../visits/model.ts'
import { modelOf } from '../../platform/db/model-of.ts'

/** The visit surveys (seed 003's split) and the later touchpoints; each template is one of these. */
export const SURVEY_TYPES = ['no_spend', 'non_surgical', 'surgical', 'post_surgery', 'post_recovery', 'post_course'] as const
export type SurveyType = (typeof SURVEY_TYPES)[number]

export const QUESTION_KINDS = ['score', 'choice', 'text'] as const
export type QuestionKind = (typeof QUESTION_KINDS)[number]

/** sent → answered (every question done) | partial (closed after 48 h with some answers) | expired (none); skipped never went out. */
export const INVITATION_STATUSES = ['sent', 'answered', 'partial', 'expired', 'skipped'] as const
export type InvitationStatus = (typeof INVITATION_STATUSES)[number]

export const FOLLOW_UP_STATUSES = ['open', 'done'] as const
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number]

export interface QuestionOption {
  id: string
  label: string
  /** Choosing it asks for a call back (e.g. "不适比较明显，希望医生联系我"). */
  followUp?: boolean
}

export interface Question {
  id: string
  kind: QuestionKind
  text: string
  options?: QuestionOption[]
}

/**
 * One version of a template. Versions are never changed once written: an edit inserts the next
 * version, and an invitation names the version it was sent with.
 */
const templateSchema = new Schema(
  {
    key: { type: String, enum: SURVEY_TYPES, required: true },
    version: { type: Number, required: true },
    name: { type: String, required: true },
    /** Which visits it follows, and how many days after the visit day it is sent. */
    visitType: { type: String, required: true },
    delayDays: { type: Number, required: true },
    intro: { type: String, required: true },
    thanks: { type: String, required: true },
    questions: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, default: null },
  },
  { collection: 'survey_templates', versionKey: false },
)
templateSchema.index({ key: 1, version: 1 }, { unique: true })

export interface TemplateDoc {
  _id: Types.ObjectId
  key: SurveyType
  version: number
  name: string
  visitType: VisitType
  delayDays: number
  intro: string
  thanks: string
  questions: Question[]
  createdAt: Date
  createdBy: string | null
}

export interface StoredAnswer {
  questionId: string
  kind: QuestionKind
  skipped: boolean
  score?: number
  choice?: string
  text?: string
  /** A comment that describes a problem (lexicon, or the bot's understanding). */
  negative?: boolean
  source: 'chat' | 'miniprogram'
  at: Date
}

/** Why an invitation was recorded without being sent. */
export const SKIP_REASONS = [
  'opted_out',
  'open_complaint',
  'surveyed_recently',
  'no_channel_identity',
  'no_conversation',
  'one_per_member',
  'member_missing',
  'no_open_window',
  'channel_cannot_send',
  'needs_mass_task',
] as const
export type SkipReason = (typeof SKIP_REASONS)[number]


const invitationSchema = new Schema(
  {
    // `${visitId}:${surveyType}`: once per visit and touchpoint, however often the job runs
    key: { type: String, required: true, unique: true },
    visitId: { type: Schema.Types.ObjectId, required: true },
    memberId: { type: Schema.Types.ObjectId, required: true },
    clinicCode: { type: String, required: true },
    visitType: { type: String, required: true },
    visitDay: { type: String, required: true },
    surveyType: { type: String, enum: SURVEY_TYPES, required: true },
    templateVersion: { type: Number, required: true },
    /** The business day the invitation was planned (and sent): reports count by it. */
    planDay: { type: String, required: true },
    status: { type: String, enum: INVITATION_STATUSES, required: true },
    skipReason: { type: String, default: null },
    sentAt: { type: Date, default: null },
    expiresAt: { type: Date, default: null },
    conversationId: { type: Schema.Types.ObjectId, default: null },
    channel: { type: String, default: null },
    /** When the first question was queued; null while the chat was busy (a nudge delivers it later). */
    deliveredAt: { type: Date, default: null },
    answers: { type: [Schema.Types.Mixed], default: [] },
    /** At least one question answered (not skipped). */
    responded: { type: Boolean, default: false },
    /** The answer to the first score question (总体满意度), 1–5. */
    score: { type: Number, default: null },
    comment: { type: String, default: null },
    followUpReason: { type: String, default: null },
    /** Set with the answer that calls for a follow-up, removed once the follow-up row exists (resumable). */
    followUpPending: { type: Boolean },
    finishedAt: { type: Date, default: null },
    rev: { type: Number, default: 0 }, // advanced by every answer and closing (platform/db/atomic.ts)
    createdAt: { type: Date, required: true },
  },
  { collection: 'survey_invitations', versionKey: false },
)
invitationSchema.index({ memberId: 1, sentAt: -1 })
invitationSchema.index({ planDay: 1, clinicCode: 1 })
invitationSchema.index({ status: 1, expiresAt: 1 })
invitationSchema.index({ followUpPending: 1 }, { sparse: true })

/**
 * Fields an invitation gets later (answers, score, delivery) are absent until then: the day's
 * invitations are inserted in bulk, and on FerretDB a narrower document inserts markedly faster.
 */
export interface InvitationDoc {
  _id: Types.ObjectId
  key: string
  visitId: Types.ObjectId
  memberId: Types.ObjectId
  clinicCode: string
  visitType: VisitType
  visitDay: string
  surveyType: SurveyType
  templateVersion: number
  planDay: string
  status: InvitationStatus
  skipReason?: SkipReason | null
  sentAt?: Date | null
  expiresAt?: Date | null
  conversationId?: Types.ObjectId | null
  channel?: string | null
  deliveredAt?: Date | null
  answers?: StoredAnswer[]
  responded?: boolean
  score?: number | null
  comment?: string | null
  followUpReason?: FollowUpReason | null
  followUpPending?: boolean
  finishedAt?: Date | null
  rev?: number
  createdAt: Date
}

/**
 * Work the resume job owes an open invitation: `deliver` its first message (the chat was busy when
 * it was planned), or `resume` it after another flow took over the chat. Kept apart from the
 * invitations so the job reads a handful of rows, not every invitation (FerretDB scans).
 */
export const NUDGE_KINDS = ['deliver', 'resume'] as const
export type NudgeKind = (typeof NUDGE_KINDS)[number]

const nudgeSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true }, // the invitation's id: one nudge at a time
    kind: { type: String, enum: NUDGE_KINDS, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'survey_nudges', versionKey: false },
)

export interface NudgeDoc {
  _id: Types.ObjectId
  kind: NudgeKind
  at: Date
}

export const FOLLOW_UP_REASONS = ['low_score', 'needs_contact', 'negative_comment'] as const
export type FollowUpReason = (typeof FOLLOW_UP_REASONS)[number]

/** A supervisor's call back after a low score or a complaint-like comment; one per invitation. */
const followUpSchema = new Schema(
  {
    invitationId: { type: Schema.Types.ObjectId, required: true, unique: true },
    memberId: { type: Schema.Types.ObjectId, required: true },
    clinicCode: { type: String, required: true, index: true },
    surveyType: { type: String, required: true },
    planDay: { type: String, required: true, index: true },
    reason: { type: String, enum: FOLLOW_UP_REASONS, required: true },
    reasons: { type: [String], default: [] },
    score: { type: Number, default: null },
    comment: { type: String, default: null },
    status: { type: String, enum: FOLLOW_UP_STATUSES, default: 'open', index: true },
    assignee: { type: String, default: null },
    assigneeName: { type: String, default: null },
    note: { type: String, default: null },
    doneAt: { type: Date, default: null },
    doneBy: { type: String, default: null },
    doneByName: { type: String, default: null },
    rev: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
  },
  { collection: 'survey_followups', versionKey: false },
)

export interface FollowUpDoc {
  _id: Types.ObjectId
  invitationId: Types.ObjectId
  memberId: Types.ObjectId
  clinicCode: string
  surveyType: SurveyType
  planDay: string
  reason: FollowUpReason
  reasons: FollowUpReason[]
  score: number | null
  comment: string | null
  status: FollowUpStatus
  assignee: string | null
  assigneeName: string | null
  note: string | null
  doneAt: Date | null
  doneBy: string | null
  doneByName: string | null
  rev: number
  createdAt: Date
}

/** The stored Friday report (周报): figures, the summary and who it is for. One per week. */
const reportSchema = new Schema(
  {
    key: { type: String, required: true, unique: true }, // `weekly:${from}:${to}`
    from: { type: String, required: true },
    to: { type: String, required: true },
    figures: { type: Schema.Types.Mixed, required: true },
    summary: { type: String, required: true },
    recipients: { type: Schema.Types.Mixed, default: [] },
    createdAt: { type: Date, required: true },
  },
  { collection: 'survey_reports', versionKey: false, minimize: false },
)

export interface ReportRecipient {
  staffId: string
  name: string
  roles: string[]
  clinicCodes: string[]
  summary: string
}

export interface ReportDoc {
  _id: Types.ObjectId
  key: string
  from: string
  to: string
  figures: unknown
  summary: string
  recipients: ReportRecipient[]
  createdAt: Date
}

export const templateModel = modelOf('SurveyTemplate', templateSchema)

export const invitationModel = modelOf('SurveyInvitation', invitationSchema)

export const nudgeModel = modelOf('SurveyNudge', nudgeSchema)

export const followUpModel = modelOf('SurveyFollowUp', followUpSchema)

export const surveyReportModel = modelOf('SurveyReport', reportSchema)

export const surveyModels = [templateModel, invitationModel, nudgeModel, followUpModel, surveyReportModel]
