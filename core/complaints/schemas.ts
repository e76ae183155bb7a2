/** What crosses the HTTP edge for complaints; money arrives in yuan and leaves core as fen here. */
import { z } from 'zod'
import { calendarDay, calendarInstant as instant } from '../calendar/schemas.ts'
import { CATEGORIES } from './categories.ts'
import { ALERT_KINDS, CHANNELS, LIABILITIES, PAYMENT_METHODS, REMEDIES, STATUSES, WANTS } from './model.ts'
import { SEVERITY_LEVELS } from './severity.ts'
import type { TransitionInput } from './transitions.ts'

const hasAtMostTwoDecimals = (v: number) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6
/** A non-negative amount in yuan (up to 2 decimals), turned into integer fen. */
const yuanAsFen = z
  .number()
  .min(0, 'must not be negative')
  .max(100_000_000, 'is too large')
  .refine(hasAtMostTwoDecimals, 'has more than 2 decimals')
  .transform((yuan) => Math.round(yuan * 100))

const text = (max: number) => z.string().trim().min(1).max(max)
const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true')
const day = calendarDay

export const caseNumberParams = z.object({ number: z.string().trim().regex(/^[A-Za-z0-9-]{3,40}$/, 'not a case number') })

export const createComplaintBody = z.object({
  clinicCode: text(16),
  channel: z.enum(['phone', 'in_person']),
  customerName: text(40),
  phone: z.string().trim().regex(/^[0-9+\- ]{5,20}$/, 'not a phone number').optional(),
  memberId: text(40).optional(),
  description: text(4000),
  occurredAt: instant.optional(),
  wants: z.array(z.enum(WANTS)).max(4).optional(),
  involvedStaff: z.array(text(40)).max(20).optional(),
  category: z.enum(CATEGORIES).optional(),
})

export const listComplaintsQuery = z.object({
  memberId: text(40).optional(),
  status: z.enum(STATUSES).optional(),
  clinicCode: text(16).optional(),
  overdue: booleanQuery.optional(),
  mine: booleanQuery.optional().describe('only the cases given to me'),
  step: z.coerce.number().int().min(1).max(11).optional(),
  severity: z.enum(SEVERITY_LEVELS).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
})

/** Every step's fields, all optional here: which a step needs is a rule (422 missing_fields), not a shape (400). */
export const transitionBody = z
  .object({
    step: z.number().int().min(1).max(11),
    note: z.string().trim().max(4000).optional(),
    cause: z.string().trim().max(4000).optional(),
    category: z.enum(CATEGORIES).optional(),
    involvedStaff: z.array(text(40)).max(20).optional(),
    occurredAt: instant.optional(),
    wants: z.array(z.enum(WANTS)).max(4).optional(),
    findings: z.string().trim().max(8000).optional(),
    contactedStaff: z.array(text(40)).max(20).optional(),
    severity: z.enum(SEVERITY_LEVELS).optional(),
    liability: z.enum(LIABILITIES).optional(),
    responsibleStaff: z.string().trim().max(40).optional(),
    estimatedAmount: yuanAsFen.optional(),
    medicalAccident: z.boolean().optional(),
    death: z.boolean().optional(),
    reputationDamage: z.boolean().optional(),
    plan: z.string().trim().max(8000).optional(),
    remedy: z.enum(REMEDIES).optional(),
    amount: yuanAsFen.optional(),
    approved: z.boolean().optional(),
    agreed: z.boolean().optional(),
    outcome: z.string().trim().max(4000).optional(),
    method: z.enum(PAYMENT_METHODS).optional(),
    closingSummary: z.string().trim().max(8000).optional(),
    penaltyProposal: z.string().trim().max(4000).optional(),
    preventionPlan: z.string().trim().max(8000).optional(),
  })
  .transform(({ amount, estimatedAmount, ...rest }): TransitionInput => ({
    ...rest,
    ...(amount === undefined ? {} : { amountFen: amount }),
    ...(estimatedAmount === undefined ? {} : { estimatedAmountFen: estimatedAmount }),
  }))

export const firstContactBody = z.object({ note: z.string().trim().max(4000).optional() })

export const returnVisitBody = z.object({ satisfied: z.boolean(), note: z.string().trim().max(4000).optional() })

export const statsQuery = z
  .object({
    from: day.optional(),
    to: day.optional(),
    clinicCode: text(16).optional(),
    format: z.enum(['json', 'xlsx']).default('json'),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'], when: ({ issues }) => issues.length === 0 })

export const alertsQuery = z.object({
  clinicCode: text(16).optional(),
  kind: z.enum(ALERT_KINDS).optional(),
  number: text(40).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
})

export const returnVisitsQuery = z.object({ clinicCode: text(16).optional() })

// ——— responses, for the OpenAPI document ———

export const caseListItemView = z.object({
  number: z.string(),
  memberId: z.string().nullable(),
  clinicCode: z.string(),
  channel: z.enum(CHANNELS),
  status: z.enum(STATUSES),
  step: z.number(),
  severity: z.enum(SEVERITY_LEVELS).nullable(),
  receivedAt: z.string(),
  firstContactDueAt: z.string(),
  firstContactAt: z.string().nullable(),
  closeDueAt: z.string().nullable(),
  stepDueAt: z.string().nullable(),
  overdue: z.boolean(),
  category: z.enum(CATEGORIES),
  customerName: z.string(),
  assignee: z.object({ id: z.string(), name: z.string() }).nullable().describe('the colleague the case was given to'),
})

const actorView = z.object({ id: z.string().nullable(), name: z.string(), role: z.string() })
const finesView = z.object({ responsibleYuan: z.number(), supervisorYuan: z.number() })
const nullableInstant = z.string().nullable()

export const caseView = caseListItemView.extend({
  categoryLabel: z.string(),
  categoryProposed: z.enum(CATEGORIES),
  phone: z.string().nullable().describe('masked unless the viewer may see it'),
  description: z.string(),
  photoIds: z.array(z.string()).describe('photos from the mini program: GET /api/complaints/:number/photos/:id'),
  occurredAt: nullableInstant,
  involvedStaff: z.array(z.string()),
  wants: z.array(z.enum(WANTS)),
  stepName: z.string(),
  nextStep: z.number().nullable(),
  flowComplete: z.boolean(),
  acceptedAt: nullableInstant,
  firstContactOnTime: z.boolean().nullable(),
  closedAt: nullableInstant,
  closedOnTime: z.boolean().nullable(),
  cause: z.string().nullable(),
  findings: z.string().nullable(),
  severityProposed: z.enum(SEVERITY_LEVELS).nullable(),
  severityName: z.string().nullable(),
  fines: finesView.nullable(),
  liability: z.enum(LIABILITIES).nullable(),
  responsibleStaff: z.string().nullable(),
  plan: z.object({ text: z.string(), remedy: z.enum(REMEDIES), amount: z.number() }).nullable(),
  agreement: z.object({ agreed: z.boolean(), outcome: z.string(), amount: z.number() }).nullable(),
  refund: z
    .object({ kind: z.enum(['refund', 'compensation']), amount: z.number(), method: z.enum(PAYMENT_METHODS), responsibleStaff: z.string(), processedAt: nullableInstant, expectedArrivalAt: nullableInstant })
    .nullable(),
  refundTotal: z.number(),
  closingSummary: z.string().nullable(),
  penalty: z.object({ proposal: z.string(), severity: z.enum(SEVERITY_LEVELS).nullable(), fines: finesView.nullable() }).nullable(),
  preventionPlan: z.string().nullable(),
  returnVisitPending: z.boolean(),
  returnVisits: z.array(z.object({ round: z.number(), at: nullableInstant, by: actorView, satisfied: z.boolean(), note: z.string().nullable() })),
  deadlinesProvisional: z.boolean(),
  calendarWarning: z.string().nullable(),
  steps: z.array(
    z.object({
      step: z.number(),
      name: z.string(),
      at: nullableInstant,
      by: actorView,
      note: z.string().nullable(),
      data: z.record(z.string(), z.unknown()).describe('the step’s fields as submitted, money in yuan'),
      dueAt: nullableInstant,
      late: z.boolean(),
      skipped: z.boolean(),
    }),
  ),
  audit: z.array(
    z.object({
      version: z.number(),
      at: z.string(),
      action: z.string(),
      step: z.number().nullable(),
      note: z.string().nullable(),
      before: z.record(z.string(), z.unknown()).nullable(),
      after: z.record(z.string(), z.unknown()),
      by: actorView,
    }),
  ),
})

const counts = <K extends string>(keys: readonly [K, ...K[]]) => z.record(z.enum(keys), z.number())
const statsRowView = z.object({
  clinicCode: z.string(),
  clinicName: z.string(),
  month: z.string().nullable().describe('YYYY-MM; null on the totals row'),
  total: z.number(),
  byChannel: counts(CHANNELS),
  byCategory: counts(CATEGORIES),
  bySeverity: counts([...SEVERITY_LEVELS, 'unclassified']),
  firstContact: z.object({ onTime: z.number(), late: z.number(), rate: z.number().nullable() }),
  closing: z.object({ closed: z.number(), onTime: z.number(), late: z.number(), rate: z.number().nullable() }),
  refunds: z.object({ count: z.number(), total: z.number() }),
})
export const statsView = z.object({ from: z.string(), to: z.string(), rows: z.array(statsRowView), totals: statsRowView })

export const alertView = z.object({
  number: z.string(),
  clinicCode: z.string(),
  deadline: z.enum(['first_contact', 'close', 'step']),
  step: z.number().nullable(),
  kind: z.enum(ALERT_KINDS),
  dueAt: z.string(),
  firedAt: z.string(),
  recipients: z.array(z.object({ id: z.string(), name: z.string(), roles: z.array(z.string()) })),
  message: z.string(),
})

export const calendarNoticeView = z.object({
  id: z.string(),
  year: z.number(),
  version: z.number(),
  clinicCode: z.string(),
  cases: z.array(z.object({ number: z.string(), deadline: z.string(), from: z.string(), to: z.string() })),
  recipients: z.array(z.object({ id: z.string(), name: z.string() })),
  message: z.string(),
  firedAt: z.string(),
})
