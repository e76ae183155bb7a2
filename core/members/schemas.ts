import { z } from 'zod'
import { calendarDay } from '../calendar/schemas.ts'
import { CHANNELS, MEMBER_CATEGORIES, MEMBER_STATUSES, TIERS } from './model.ts'
import { normalizeMainlandMobile } from './phone.ts'

const mainlandMobile = z.string().trim().max(20).refine((v) => normalizeMainlandMobile(v) !== null, 'must be a mainland mobile number')

export const familyMemberInput = z.object({
  name: z.string().trim().min(1).max(40),
  relation: z.string().trim().min(1).max(20),
  birthday: calendarDay.nullable().default(null),
})

export const memberFilters = z.object({
  query: z.string().trim().max(50).optional(),
  tier: z.enum(TIERS).optional(),
  category: z.enum(MEMBER_CATEGORIES).optional(),
  clinicCode: z.string().trim().max(16).optional(),
  status: z.enum(MEMBER_STATUSES).optional(),
})

export const updateMemberBody = z.strictObject({
  name: z.string().trim().min(1).max(40).optional(),
  phone: mainlandMobile.nullable().optional(),
  birthday: calendarDay.nullable().optional(),
  category: z.enum(MEMBER_CATEGORIES).nullable().optional(),
  clinicCode: z.string().trim().min(1).max(16).optional(),
  tags: z.array(z.string().trim().min(1).max(20)).max(30).optional(),
  notes: z.string().max(2000).optional(),
  familyMembers: z.array(familyMemberInput).max(10).optional(),
  idNumber: z.string().trim().regex(/^\d{17}[\dXx]$/, 'must be an 18-character resident ID number').nullable().optional(),
  optedOut: z.boolean().optional(),
})

export const memberView = z.object({
  id: z.string(),
  status: z.enum(MEMBER_STATUSES),
  name: z.string(),
  phone: z.string().nullable().describe('in full for agent, supervisor and admin; masked (138****5678) for other roles'),
  birthday: z.string().nullable(),
  category: z.enum(MEMBER_CATEGORIES).nullable(),
  clinicCode: z.string(),
  tier: z.enum(TIERS),
  tierName: z.string(),
  tierChangedAt: z.string().nullable(),
  points: z.number().int(),
  familyMembers: z.array(z.object({ name: z.string(), relation: z.string(), birthday: z.string().nullable() })),
  tags: z.array(z.string()),
  notes: z.string(),
  optedOut: z.boolean(),
  joinedAt: z.string(),
  joinChannel: z.enum(CHANNELS).nullable(),
  joinGreeting: z.string().nullable(),
  idNumber: z.string().nullable().describe('in full for admin only'),
})

export type MemberFilters = z.infer<typeof memberFilters>
export type UpdateMemberInput = z.infer<typeof updateMemberBody>
export type MemberView = z.infer<typeof memberView>
