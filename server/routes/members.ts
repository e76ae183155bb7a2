import { z } from 'zod'
import { listMemberAccess, recordMemberAccess } from '../../core/members/access-log.ts'
import { presentMemberForStaff } from '../../core/members/present.ts'
import { memberFilters, memberView, updateMemberBody } from '../../core/members/schemas.ts'
import { getMember, listMembers, updateMemberProfile } from '../../core/members/service.ts'
import type { Role } from '../../core/staff/roles.ts'
import { pageQuery, route } from '../http/route.ts'
import type { ServerDeps } from '../app.ts'

export const MEMBER_READ_ROLES: readonly Role[] = ['agent', 'supervisor', 'director', 'marketing', 'admin']
/** The medical director reads a member's record to classify a complaint, but does not browse the list. */
export const MEMBER_RECORD_ROLES: readonly Role[] = [...MEMBER_READ_ROLES, 'medical']
const MEMBER_EDIT_ROLES: readonly Role[] = ['agent', 'supervisor', 'marketing', 'admin']

export const memberIdParams = z.object({ id: z.string() })

export const memberRoutes = (deps: ServerDeps) => [
  route({
    method: 'get',
    path: '/api/members',
    summary: 'Find members: `query` matches the name, or the phone exactly or by its last 4 digits',
    tag: 'members',
    access: MEMBER_READ_ROLES,
    query: pageQuery.extend(memberFilters.shape),
    responses: { 200: z.object({ items: z.array(memberView), total: z.number() }) },
    handler: async ({ query, staff }) => {
      const page = await listMembers(deps, query)
      return { items: page.items.map((member) => presentMemberForStaff(member, staff!.roles)), total: page.total }
    },
  }),
  route({
    method: 'get',
    path: '/api/members/:id',
    summary: "A member's record, masked for the caller's role; every read is written to the member access log",
    tag: 'members',
    access: MEMBER_RECORD_ROLES,
    params: memberIdParams,
    responses: { 200: memberView, 404: 'Unknown member' },
    handler: async ({ params, staff }) => {
      const member = await getMember(deps, params.id)
      await recordMemberAccess(deps, { staffId: staff!.id, memberId: member.id, what: 'profile' })
      return presentMemberForStaff(member, staff!.roles)
    },
  }),
  route({
    method: 'patch',
    path: '/api/members/:id',
    summary: 'Edit profile fields, tags, notes and family members; a phone held by a pending (imported) member merges that record in',
    tag: 'members',
    access: MEMBER_EDIT_ROLES,
    params: memberIdParams,
    body: updateMemberBody,
    responses: { 200: memberView, 404: 'Unknown member', 409: 'Another member has this phone', 422: 'Unknown clinic' },
    handler: async ({ params, body, staff }) => presentMemberForStaff(await updateMemberProfile(deps, params.id, body), staff!.roles),
  }),
  route({
    method: 'get',
    path: '/api/members/:id/access-log',
    summary: "Who read this member's record, newest first",
    tag: 'members',
    access: ['admin'],
    params: memberIdParams,
    query: pageQuery,
    responses: { 200: z.object({ items: z.array(z.object({ staffId: z.string(), at: z.string(), what: z.string() })), total: z.number() }) },
    handler: async ({ params, query }) => listMemberAccess(deps, (await getMember(deps, params.id)).id, query),
  }),
]
