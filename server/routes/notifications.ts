import { z } from 'zod'
import { NOTIFICATION_KINDS } from '../../core/notifications/model.ts'
import { markAllRead, markRead, myNotifications } from '../../core/notifications/service.ts'
import { pageQuery, route } from '../http/route.ts'
import type { ServerDeps } from '../app.ts'

const notificationView = z.object({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  title: z.string(),
  body: z.string(),
  link: z.string().describe('the console page it is about'),
  clinicCode: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
})

/** Each member of staff reads only their own notifications. */
export const notificationRoutes = (deps: ServerDeps) => [
  route({
    method: 'get',
    path: '/api/notifications',
    summary: 'My notifications, newest first (deadline alerts, emergencies, low survey scores, the weekly report), with my unread count',
    tag: 'staff',
    access: 'staff',
    query: pageQuery.extend({ unread: z.enum(['true', 'false']).optional().transform((v) => v === 'true') }),
    responses: { 200: z.object({ items: z.array(notificationView), total: z.number(), unread: z.number() }) },
    handler: ({ query, staff }) => myNotifications(deps, staff!.id, query),
  }),
  route({
    method: 'post',
    path: '/api/notifications/read-all',
    summary: 'Mark all my notifications read',
    tag: 'staff',
    access: 'staff',
    responses: { 200: z.object({ marked: z.number() }) },
    handler: async ({ staff }) => ({ marked: await markAllRead(deps, staff!.id) }),
  }),
  route({
    method: 'post',
    path: '/api/notifications/:id/read',
    summary: 'Mark one of my notifications read',
    tag: 'staff',
    access: 'staff',
    params: z.object({ id: z.string().max(300) }),
    responses: { 200: notificationView, 404: 'Not one of mine' },
    handler: ({ params, staff }) => markRead(deps, staff!.id, params.id),
  }),
]
