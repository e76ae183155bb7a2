import { z } from 'zod'
import { approveBroadcast, cancelBroadcast, createBroadcast, getBroadcast, listBroadcasts, listDeliveries, pauseBroadcast, previewBroadcast, resumeBroadcast, scheduleBroadcast } from '../../core/broadcasts/service.ts'
import { broadcastFilters, broadcastListItem, broadcastView, createBroadcastBody, createdView, deliveryFilters, deliveryView, previewView } from '../../core/broadcasts/schemas.ts'
import type { StaffPrincipal } from '../../core/staff/service.ts'
import { pageQuery, route } from '../http/route.ts'
import type { ServerDeps } from '../app.ts'

const idParams = z.object({ id: z.string() })
const WRITE = ['marketing', 'admin'] as const
const READ = ['marketing', 'admin', 'director', 'supervisor'] as const

/** A lifecycle step: POST /api/broadcasts/:id/<step>, answering the broadcast with its progress. */
const step = (name: string, summary: string, responses: Record<number, string>, act: (id: string, staff: StaffPrincipal) => Promise<unknown>) =>
  route({
    method: 'post',
    path: `/api/broadcasts/:id/${name}`,
    summary,
    tag: 'broadcasts',
    access: WRITE,
    params: idParams,
    responses: { 200: broadcastView, 404: 'Unknown broadcast', ...responses },
    handler: ({ params, staff }) => act(params.id, staff!),
  })

export const broadcastRoutes = (deps: ServerDeps) => [
  route({
    method: 'post',
    path: '/api/broadcasts',
    summary: 'Create a broadcast (a draft): text with {{name}}, {{tier}}, {{clinic}}, audience segments, optional sendAt, weekly recurrence and A/B variant',
    tag: 'broadcasts',
    access: WRITE,
    body: createBroadcastBody,
    responses: { 201: createdView },
    handler: async ({ body, staff }) => ({ status: 201, body: await createBroadcast(deps, body, staff!) }),
  }),
  route({
    method: 'get',
    path: '/api/broadcasts',
    summary: 'Broadcasts, newest first',
    tag: 'broadcasts',
    access: READ,
    query: pageQuery.extend(broadcastFilters.shape),
    responses: { 200: z.object({ items: z.array(broadcastListItem), total: z.number() }) },
    handler: ({ query }) => listBroadcasts(deps, query),
  }),
  route({
    method: 'get',
    path: '/api/broadcasts/:id',
    summary: 'A broadcast and the live progress of its current (or last) run, counted from the delivery rows',
    tag: 'broadcasts',
    access: READ,
    params: idParams,
    responses: { 200: broadcastView, 404: 'Unknown broadcast' },
    handler: ({ params }) => getBroadcast(deps, params.id),
  }),
  route({
    method: 'get',
    path: '/api/broadcasts/:id/preview',
    summary: 'Audience count, planned routes per channel (send / confirmed mass task / skip with reasons) and sample texts, as of now',
    tag: 'broadcasts',
    access: READ,
    params: idParams,
    responses: { 200: previewView, 404: 'Unknown broadcast' },
    handler: ({ params }) => previewBroadcast(deps, params.id),
  }),
  route({
    method: 'get',
    path: '/api/broadcasts/:id/deliveries',
    summary: 'The deliveries of a broadcast, e.g. ?status=uncertain: sends cut short by a crash, never resent, for staff to check',
    tag: 'broadcasts',
    access: READ,
    params: idParams,
    query: pageQuery.extend(deliveryFilters.shape),
    responses: { 200: z.object({ items: z.array(deliveryView), total: z.number() }), 404: 'Unknown broadcast' },
    handler: ({ params, query }) => listDeliveries(deps, params.id, query),
  }),
  step('schedule', 'Schedule a draft: scheduled, or awaiting_approval when the audience exceeds BROADCAST_APPROVAL_THRESHOLD', { 409: 'Not a draft' }, (id, staff) => scheduleBroadcast(deps, id, staff)),
  step('approve', 'Approve a large broadcast (another marketing or admin account than its creator and scheduler)', { 403: 'The creator or scheduler may not approve', 409: 'Not awaiting approval' }, (id, staff) => approveBroadcast(deps, id, staff)),
  step('pause', 'Pause: what is still queued in the outbox is taken back', { 409: 'Not scheduled or running' }, (id) => pauseBroadcast(deps, id)),
  step('resume', 'Resume a paused broadcast: the rest is sent (each member at most once)', { 409: 'Not paused' }, (id) => resumeBroadcast(deps, id)),
  step('cancel', 'Cancel: nothing more is sent', { 409: 'Already completed or cancelled' }, (id, staff) => cancelBroadcast(deps, id, staff)),
]
