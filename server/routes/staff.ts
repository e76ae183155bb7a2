import { z } from 'zod'
import { createStaff, listStaff, updateStaff } from '../../core/staff/service.ts'
import { createStaffBody, staffView, updateStaffBody } from '../../core/staff/schemas.ts'
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
  route({
    method: 'patch',
    path: '/api/staff/:id',
    summary: 'Change a staff account’s WeCom account (成员账号, null to remove) or deactivate it',
    tag: 'staff',
    access: ['admin'],
    params: z.object({ id: z.string() }),
    body: updateStaffBody,
    responses: { 200: staffView, 404: 'No such staff member' },
    handler: ({ params, body }) => updateStaff(deps, params.id, body),
  }),
]
