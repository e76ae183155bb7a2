import { z } from 'zod'
import { CASE_READERS, CASE_RECORDERS } from '../../core/complaints/access.ts'
import { appointmentCounts, chatCounts, complaintCounts, couponCounts, memberCounts } from '../../core/dashboard/counts.ts'
import type { Role } from '../../core/staff/roles.ts'
import { clinicScope } from '../../core/staff/clinic-scope.ts'
import { route } from '../http/route.ts'
import type { ServerDeps } from '../app.ts'

/** Each section goes to the roles that may read its lists (the same as those routes' `access`). */
const SECTION_ROLES = {
  chats: ['agent', 'supervisor', 'admin'],
  coupons: ['agent', 'supervisor', 'director', 'marketing', 'admin'],
  members: ['agent', 'supervisor', 'director', 'marketing', 'admin'],
  appointments: ['agent', 'supervisor', 'director'],
  complaints: CASE_READERS,
} satisfies Record<string, readonly Role[]>

const countsView = z.object({
  chats: z.object({ waiting: z.number(), withAgents: z.number(), today: z.number().describe('conversations with a message today'), waitingByReason: z.record(z.string(), z.number()) }).optional(),
  coupons: z.object({ issued: z.number(), issuedToday: z.number(), redeemed: z.number(), redeemedToday: z.number(), redeemedByDay: z.array(z.object({ day: z.string(), count: z.number() })).describe('the last 7 days, oldest first') }).optional(),
  members: z.object({ total: z.number(), byTier: z.record(z.string(), z.number()) }).optional(),
  appointments: z.object({ today: z.number().describe('not cancelled'), toConfirm: z.number() }).optional(),
  complaints: z.object({ open: z.number(), overdue: z.number(), reopened: z.number(), returnVisits: z.number().nullable().describe('null for roles that do not record return visits') }).optional(),
})

export const countRoutes = (deps: ServerDeps) => [
  route({
    method: 'get',
    path: '/api/counts',
    summary: 'The dashboard’s and the complaints page’s figures in one call: each section the role may read (`clinicCode` narrows the clinic-scoped ones)',
    tag: 'staff',
    access: 'staff',
    query: z.object({ clinicCode: z.string().max(16).optional() }),
    responses: { 200: countsView, 403: 'Not one of your clinics' },
    handler: async ({ query, staff }) => {
      const may = (roles: readonly Role[]) => staff!.roles.some((r) => roles.includes(r))
      const now = deps.clock.now()
      const clinics = clinicScope(staff!, query.clinicCode)
      const [chats, coupons, members, appointments, complaints] = await Promise.all([
        may(SECTION_ROLES.chats) ? chatCounts(deps, now) : undefined,
        may(SECTION_ROLES.coupons) ? couponCounts(deps, now) : undefined,
        may(SECTION_ROLES.members) ? memberCounts(deps) : undefined,
        may(SECTION_ROLES.appointments) ? appointmentCounts(deps, now, clinics) : undefined,
        may(SECTION_ROLES.complaints) ? complaintCounts(deps, now, clinics, may(CASE_RECORDERS)) : undefined,
      ])
      return { chats, coupons, members, appointments, complaints }
    },
  }),
]
