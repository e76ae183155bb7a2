import { z } from 'zod'
import { TIERS } from '../../../core/members/model.ts'
import { clinicView } from '../clinics.ts'

/** Response shapes of /api/mp/* (what the mini program reads). */
export const mpClinicView = clinicView.omit({ region: true })

export const mpMemberView = z.object({
  id: z.string(),
  name: z.string(),
  phoneMasked: z.string().nullable(),
  tier: z.enum(TIERS),
  tierName: z.string(),
  benefits: z.array(z.string()),
  points: z.number().int(),
  optedOut: z.boolean().describe('true: no greetings or marketing messages'),
  joinedAt: z.string().nullable(),
  clinic: mpClinicView.nullable().describe('the home clinic'),
})

export const mpCouponView = z.object({
  code: z.string(),
  name: z.string(),
  amount: z.number().describe('yuan off'),
  threshold: z.number().describe('minimum order, yuan'),
  productScope: z.string().nullable(),
  status: z.enum(['usable', 'used', 'expired']),
  issuedAt: z.string(),
  expiresAt: z.string(),
  redeemedAt: z.string().nullable(),
})

export const mpAppointmentView = z.object({
  id: z.string(),
  clinicCode: z.string(),
  clinicName: z.string(),
  day: z.string(),
  time: z.string().nullable(),
  partOfDay: z.string().nullable(),
  at: z.string().nullable().describe('the agreed time, once the clinic confirmed it'),
  name: z.string(),
  phoneMasked: z.string(),
  status: z.enum(['requested', 'confirmed', 'cancelled']),
  statusText: z.string(),
  cancellable: z.boolean(),
  createdAt: z.string(),
})

export const mpCaseView = z.object({
  number: z.string(),
  clinicCode: z.string(),
  clinicName: z.string(),
  status: z.string(),
  statusText: z.string().describe('the current step in plain Chinese'),
  receivedAt: z.string(),
  firstContactDueAt: z.string().describe('a supervisor contacts the member before this'),
  firstContacted: z.boolean(),
  closeDueAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  description: z.string(),
  photoCount: z.number().int(),
})

export const mpSurveyView = z.object({
  id: z.string(),
  name: z.string(),
  intro: z.string(),
  clinicName: z.string(),
  visitDay: z.string(),
  sentAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  questions: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['score', 'choice', 'text']),
      text: z.string(),
      options: z.array(z.object({ id: z.string(), label: z.string() })),
      answered: z.boolean(),
    }),
  ),
})

export const objectIdParam = z.object({ id: z.string().max(64) })
