/** What crosses the HTTP edge for complaints; money arrives in yuan and leaves core as fen here. */
import { z } from 'zod'
import { calendarDay } from '../calendar/schemas.ts'
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
const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s))
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
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] })

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

export const caseView = caseListItemView.extend({
  phone: z.string().nullable(),
  description: z.string(),
  photoIds: z.array(z.string()).describe('photos from the mini program: GET /api/complaints/:number/photos/:id'),
  nextStep: z.number().nullable(),
  acceptedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  deadlinesProvisional: z.boolean(),
  calendarWarning: z.string().nullable(),
  steps: z.array(z.object({ step: z.number(), name: z.string(), at: z.string().nullable(), note: z.string().nullable(), data: z.record(z.string(), z.unknown()) })),
  audit: z.array(z.object({ version: z.number(), at: z.string(), action: z.string(), step: z.number().nullable(), by: z.object({ id: z.string().nullable(), name: z.string(), role: z.string() }) })),
})
