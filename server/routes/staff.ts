import { z } from 'zod'
import { createStaff, listStaff } from '../../core/staff/service.ts'
import { createStaffBody, staffView } from '../../core/staff/schemas.ts'
import { pageQuery, route } from '../http/route.ts'
import type { ServerDeps } from '../app.ts'

export const staffRoutes = (deps: ServerDeps) => [
  route({
    method: 'post',
    path: '/api/staff',
    summary: 'Create a staff account',
    tag: 'staff',
    access: ['admin'],
    body: createStaffBody,
    responses: { 201: staffView, 409: 'Username taken', 422: 'Unknown clinic code' },
    handler: async ({ body }) => ({ status: 201, body: await createStaff(deps, body) }),
  }),
  route({
    method: 'get',
    path: '/api/staff',
    summary: 'List staff accounts',
    tag: 'staff',
    access: ['admin'],
    query: pageQuery,
    responses: { 200: z.object({ items: z.array(staffView), total: z.number() }) },
    handler: ({ query }) => listStaff(deps, query),
  }),
]
