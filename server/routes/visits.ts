import { z } from 'zod'
import { recordMemberAccess } from '../../core/members/access-log.ts'
import { importVisits } from '../../core/visits/import.ts'
import { visitImportBody, visitImportResult, visitView } from '../../core/visits/schemas.ts'
import { listMemberVisits } from '../../core/visits/service.ts'
import { pageQuery, route } from '../http/route.ts'
import type { ServerDeps } from '../app.ts'
import { MEMBER_RECORD_ROLES, memberIdParams } from './members.ts'

export const visitRoutes = (deps: ServerDeps) => [
  route({
    method: 'post',
    path: '/api/visits',
    summary: "Import visits from the clinics' HIS/CRM: idempotent on externalId; bad rows are rejected one by one while the good ones land",
    tag: 'visits',
    access: ['admin', 'supervisor'],
    body: visitImportBody,
    responses: { 200: visitImportResult },
    handler: ({ body }) => importVisits(deps, body),
  }),
  route({
    method: 'get',
    path: '/api/members/:id/visits',
    summary: "A member's visits, newest first",
    tag: 'visits',
    access: MEMBER_RECORD_ROLES,
    params: memberIdParams,
    query: pageQuery,
    responses: { 200: z.object({ items: z.array(visitView), total: z.number() }), 404: 'Unknown member' },
    handler: async ({ params, query, staff }) => {
      const page = await listMemberVisits(deps, params.id, query)
      await recordMemberAccess(deps, { staffId: staff!.id, memberId: params.id, what: 'visits' })
      return page
    },
  }),
]
