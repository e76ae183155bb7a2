import { Schema, type Types } from 'mongoose'
import { CATEGORIES, type Category } from './categories.ts'
import { SEVERITY_LEVELS, type Severity, type SeverityFlags, type Fines } from './severity.ts'
import { modelOf } from '../../platform/db/model-of.ts'

export const CHANNELS = ['chat', 'phone', 'in_person', 'miniprogram'] as const
export type Channel = (typeof CHANNELS)[number]
export const WANTS = ['apology', 'refund', 'compensation', 'explanation'] as const
export type Want = (typeof WANTS)[number]
export const STATUSES = ['open', 'closed', 'reopened'] as const
export type Status = (typeof STATUSES)[number]
/** 责任归属 (step 4): whose fault it was. */
export const LIABILITIES = ['none', 'service', 'medical', 'product', 'other'] as const
export type Liability = (typeof LIABILITIES)[number]
export const REMEDIES = ['none', 'refund', 'compensation'] as const
export type Remedy = (typeof REMEDIES)[number]
export const PAYMENT_METHODS = ['cash', 'bank_card'] as const
export type PaymentMethod = (typeof PAYMENT_METHODS)[number]

/** Who did something: a staff member, the bot (chat intake), the customer (answering a return visit) or a job. */
export interface ActorRef {
  id: string | null
  name: string
  role: string
}

export interface StepRecord {
  step: number
  at: Date
  by: ActorRef
  note: string | null
  /** the step's own fields as submitted (money in fen) */
  data: Record<string, unknown>
  dueAt: Date | null
  late: boolean
  skipped: boolean
}

export interface ReturnVisit {
  round: number
  at: Date
  by: ActorRef
  satisfied: boolean
  note: string | null
}

/** The complaint case (患者投诉处理表) as stored. Every change goes through audit.ts, one version at a time. */
export interface CaseDoc {
  _id: Types.ObjectId
  number: string
  seq: number
  clinicCode: string
  region: 'local' | 'remote'
  channel: Channel
  memberId: string | null
  customerName: string
  phone: string | null
  description: string
  occurredAt: Date | null
  involvedStaff: string[]
  wants: Want[]
  photoIds?: string[]
  category: Category
  categoryProposed: Category
  status: Status
  /** the step the case is at: the next one to complete (11 once the flow is complete) */
  step: number
  flowComplete: boolean
  stepEnteredAt: Date
  stepDueAt: Date | null
  steps: StepRecord[]
  cause: string | null
  findings: string | null
  severityProposed: Severity | null
  severity: Severity | null
  severityFlags: SeverityFlags
  liability: Liability | null
  responsibleStaff: string | null
  plan: { text: string; remedy: Remedy; amountFen: number } | null
  agreement: { agreed: boolean; outcome: string; amountFen: number } | null
  refund: { kind: 'refund' | 'compensation'; amountFen: number; method: PaymentMethod; responsibleStaff: string; processedAt: Date; expectedArrivalAt: Date } | null
  /** refund/compensation paid, in fen (0 when none): a top-level field for the statistics' $sum */
  refundFen: number
  refunded: boolean
  closingSummary: string | null
  penalty: { proposal: string; severity: Severity | null; fines: Fines | null } | null
  preventionPlan: string | null
  receivedAt: Date
  /** 'YYYY-MM' in Asia/Shanghai: FerretDB has no date operators in pipelines, so statistics group on this */
  receivedMonth: string
  acceptedAt: Date | null
  firstContactDueAt: Date
  firstContactAt: Date | null
  firstContactOnTime: boolean | null
  /** The colleague a supervisor gave the case to: they see it under “mine” and get its deadline notifications. */
  assignee: { id: string; name: string } | null
  closeDueAt: Date | null
  closedAt: Date | null
  closedOnTime: boolean | null
  closeRound: number
  returnVisitPending: boolean
  returnVisits: ReturnVisit[]
  deadlinesProvisional: boolean
  provisionalDeadlines: string[]
  version: number
}

const actorSchema = new Schema({ id: { type: String, default: null }, name: String, role: String }, { _id: false })

const stepRecordSchema = new Schema(
  {
    step: Number,
    at: Date,
    by: actorSchema,
    note: { type: String, default: null },
    data: { type: Schema.Types.Mixed, default: {} },
    dueAt: { type: Date, default: null },
    late: { type: Boolean, default: false },
    skipped: { type: Boolean, default: false },
  },
  { _id: false, minimize: false },
)

const caseSchema = new Schema(
  {
    number: { type: String, required: true, unique: true },
    seq: { type: Number, required: true },
    clinicCode: { type: String, required: true },
    region: { type: String, enum: ['local', 'remote'], required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    memberId: { type: String, default: null, index: true },
    customerName: { type: String, required: true },
    phone: { type: String, default: null },
    description: { type: String, required: true },
    occurredAt: { type: Date, default: null },
    involvedStaff: { type: [String], default: [] },
    wants: { type: [{ type: String, enum: WANTS }], default: [] },
    photoIds: { type: [String], default: [] },
    category: { type: String, enum: CATEGORIES, required: true },
    categoryProposed: { type: String, enum: CATEGORIES, required: true },
    status: { type: String, enum: STATUSES, required: true },
    step: { type: Number, required: true },
    flowComplete: { type: Boolean, default: false },
    stepEnteredAt: { type: Date, required: true },
    stepDueAt: { type: Date, default: null },
    steps: { type: [stepRecordSchema], default: [] },
    cause: { type: String, default: null },
    findings: { type: String, default: null },
    severityProposed: { type: String, enum: SEVERITY_LEVELS, default: null },
    severity: { type: String, enum: SEVERITY_LEVELS, default: null },
    severityFlags: { type: Schema.Types.Mixed, default: {} },
    liability: { type: String, enum: LIABILITIES, default: null },
    responsibleStaff: { type: String, default: null },
    plan: { type: Schema.Types.Mixed, default: null },
    agreement: { type: Schema.Types.Mixed, default: null },
    refund: { type: Schema.Types.Mixed, default: null },
    refundFen: { type: Number, default: 0 },
    refunded: { type: Boolean, default: false },
    closingSummary: { type: String, default: null },
    penalty: { type: Schema.Types.Mixed, default: null },
    preventionPlan: { type: String, default: null },
    receivedAt: { type: Date, required: true },
    receivedMonth: { type: String, required: true },
    acceptedAt: { type: Date, default: null },
    firstContactDueAt: { type: Date, required: true },
    firstContactAt: { type: Date, default: null },
    firstContactOnTime: { type: Boolean, default: null },
    assignee: { type: Schema.Types.Mixed, default: null },
    closeDueAt: { type: Date, default: null },
    closedAt: { type: Date, default: null },
    closedOnTime: { type: Boolean, default: null },
    closeRound: { type: Number, default: 0 },
    returnVisitPending: { type: Boolean, default: false },
    returnVisits: { type: [Schema.Types.Mixed], default: [] },
    deadlinesProvisional: { type: Boolean, default: false },
    provisionalDeadlines: { type: [String], default: [] },
    version: { type: Number, required: true },
  },
  { collection: 'complaints', versionKey: false, minimize: false },
)
caseSchema.index({ clinicCode: 1, receivedMonth: 1 })
caseSchema.index({ status: 1, receivedAt: -1 })
caseSchema.index({ stepDueAt: 1 })

export const complaintModel = modelOf('Complaint', caseSchema)

/** Case-number counters, one per clinic and month: `{ _id: 'BJ01-2026-11', seq }`. */
const counterSchema = new Schema({ _id: { type: String, required: true }, seq: { type: Number, default: 0 } }, { collection: 'complaint_counters', versionKey: false })

export const complaintCounterModel = modelOf('ComplaintCounter', counterSchema)

export interface AuditDoc {
  key: string
  number: string
  version: number
  at: Date
  by: ActorRef
  action: string
  step: number | null
  note: string | null
  before: Record<string, unknown> | null
  after: Record<string, unknown>
  /** the `$set` that moves the case from version-1 to version, kept so an interrupted change can be finished (audit.ts) */
  patch: Record<string, unknown> | null
}

/** The audit trail: one entry per case version; its key `${number}:v${version}` is the idempotency key. */
const auditSchema = new Schema(
  {
    key: { type: String, required: true, unique: true },
    number: { type: String, required: true, index: true },
    version: { type: Number, required: true },
    at: { type: Date, required: true },
    by: { type: actorSchema, required: true },
    action: { type: String, required: true },
    step: { type: Number, default: null },
    note: { type: String, default: null },
    before: { type: Schema.Types.Mixed, default: null },
    after: { type: Schema.Types.Mixed, default: {} },
    patch: { type: Schema.Types.Mixed, default: null },
  },
  { collection: 'complaint_audit', versionKey: false, minimize: false },
)

export const complaintAuditModel = modelOf('ComplaintAudit', auditSchema)

export const ALERT_KINDS = ['near', 'overdue'] as const
export type AlertKind = (typeof ALERT_KINDS)[number]
/** Which deadline an alert is about: first contact, the whole case (closing), or the current step. */
export type DeadlineName = 'first_contact' | 'close' | 'step'

export interface AlertDoc {
  _id: Types.ObjectId
  key: string
  number: string
  clinicCode: string
  deadline: DeadlineName
  step: number | null
  kind: AlertKind
  dueAt: Date
  firedAt: Date
  recipients: Array<{ id: string; name: string; roles: string[] }>
  message: string
}

/** Deadline alerts; the unique key (case, deadline, due instant, kind) makes each fire once however often the job runs. */
const alertSchema = new Schema(
  {
    key: { type: String, required: true, unique: true },
    number: { type: String, required: true, index: true },
    clinicCode: { type: String, required: true },
    deadline: { type: String, enum: ['first_contact', 'close', 'step'], required: true },
    step: { type: Number, default: null },
    kind: { type: String, enum: ALERT_KINDS, required: true },
    dueAt: { type: Date, required: true },
    firedAt: { type: Date, required: true },
    recipients: { type: [Schema.Types.Mixed], default: [] },
    message: { type: String, required: true },
  },
  { collection: 'complaint_alerts', versionKey: false },
)
alertSchema.index({ firedAt: -1 })

export const complaintAlertModel = modelOf('ComplaintAlert', alertSchema)

/** Every complaint model, for core/models.ts. */
export const complaintModels = [complaintModel, complaintCounterModel, complaintAuditModel, complaintAlertModel]
