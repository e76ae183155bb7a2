import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { handoffCopy } from '../../core/conversations/copy.ts'
import { CONVERSATION_STATUSES } from '../../core/conversations/model.ts'
import { sendToConversation } from '../../core/conversations/outbound.ts'
import {
  assertHolder,
  claimConversation,
  conversationHistory,
  getConversation,
  listConversations,
  presentConversation,
  releaseConversation,
  transferConversation,
} from '../../core/conversations/service.ts'
import { noteAgentReply } from '../../core/quality/handoffs.ts'
import { askForRating } from '../../core/quality/rating.ts'
import { staffModel } from '../../core/staff/model.ts'
import { notFound, ruleNotMet } from '../../platform/errors.ts'
import { pageQuery, route } from '../http/route.ts'
import type { ServerDeps } from '../app.ts'

const handlers = ['agent', 'supervisor', 'admin'] as const
const idParams = z.object({ id: z.string() })
const conversationView = z.object({
  id: z.string(),
  channel: z.string(),
  customerName: z.string().nullable(),
  memberId: z.string().nullable(),
  clinicCode: z.string().nullable(),
  status: z.enum(CONVERSATION_STATUSES),
  assignee: z.string().nullable(),
  assigneeName: z.string().nullable(),
  reason: z.string().nullable(),
  priority: z.number(),
  escalatedAt: z.string().nullable(),
  lastMessageAt: z.string().nullable(),
})

const historyView = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      direction: z.enum(['in', 'out']),
      from: z.enum(['customer', 'bot', 'agent', 'system']),
      type: z.string().describe('text, image, voice, sticker, file, video, other'),
      text: z.string(),
      intent: z.string().nullable(),
      agentName: z.string().nullable(),
      deliveryStatus: z.string().nullable().describe('outbound: queued, sent, failed, uncertain'),
      handling: z.enum(['pending', 'handled', 'failed']).nullable().describe('inbound: pending while it waits for the bot’s turn, failed when the turn threw'),
      at: z.string(),
    }),
  ),
  total: z.number(),
})

export const conversationRoutes = (deps: ServerDeps) => [
  route({
    method: 'get',
    path: '/api/conversations',
    summary: 'Conversations; `status=escalated` is the hand-off queue, most urgent first',
    tag: 'conversations',
    access: handlers,
    query: pageQuery.extend({ status: z.enum(CONVERSATION_STATUSES).optional(), mine: z.coerce.boolean().optional() }),
    responses: { 200: z.object({ items: z.array(conversationView), total: z.number() }) },
    handler: ({ query, staff }) => listConversations(deps, { ...query, assignee: query.mine ? staff!.id : undefined }),
  }),
  route({
    method: 'get',
    path: '/api/conversations/:id',
    summary: 'One conversation',
    tag: 'conversations',
    access: handlers,
    params: idParams,
    responses: { 200: conversationView, 404: 'Unknown conversation' },
    handler: async ({ params }) => presentConversation(await getConversation(deps, params.id)),
  }),
  route({
    method: 'get',
    path: '/api/conversations/:id/messages',
    summary: 'The whole history, with the bot’s turns',
    tag: 'conversations',
    access: handlers,
    params: idParams,
    responses: { 200: historyView, 404: 'Unknown conversation' },
    handler: ({ params }) => conversationHistory(deps, params.id),
  }),
  route({
    method: 'post',
    path: '/api/conversations/:id/claim',
    summary: 'Take the chat (one agent at a time: 409 if another holds it); the bot goes silent',
    tag: 'conversations',
    access: handlers,
    params: idParams,
    responses: { 200: conversationView, 404: 'Unknown conversation', 409: 'conversation_taken: another agent holds it (or it is closed)' },
    handler: async ({ params, staff }) => {
      const { conversation, newlyClaimed } = await claimConversation(deps, params.id, staff!)
      if (newlyClaimed) {
        await sendToConversation(deps, conversation, [handoffCopy.agentJoined(staff!.name)], { keyPrefix: `joined:${params.id}:${conversation.claimedAt!.getTime()}`, from: 'agent', origin: 'agent', agent: staff! })
      }
      return presentConversation(conversation)
    },
  }),
  route({
    method: 'post',
    path: '/api/conversations/:id/messages',
    summary: 'Reply to the customer as the agent holding the chat',
    tag: 'conversations',
    access: handlers,
    params: idParams,
    body: z.object({ text: z.string().trim().min(1).max(2000) }),
    responses: { 202: z.object({ queued: z.literal(true) }), 404: 'Unknown conversation', 409: 'not_your_conversation: claim it first' },
    handler: async ({ params, body, staff, ctx }) => {
      const conversation = await getConversation(deps, params.id)
      assertHolder(conversation, staff!)
      const key = ctx.get('idempotency-key') || randomUUID()
      await sendToConversation(deps, conversation, [body.text], { keyPrefix: `agent:${key}`, from: 'agent', origin: 'agent', agent: staff! })
      await noteAgentReply(deps, conversation.handoffId, staff!.id, deps.clock.now())
      return { status: 202, body: { queued: true } }
    },
  }),
  route({
    method: 'post',
    path: '/api/conversations/:id/release',
    summary: 'Give the chat back to the bot; the bot then asks the customer once to rate the help (1–5), except after an emergency, to opted-out members, or twice in 24 hours',
    tag: 'conversations',
    access: handlers,
    params: idParams,
    responses: { 200: conversationView, 404: 'Unknown conversation', 409: 'not_your_conversation: not held by you' },
    handler: async ({ params, staff }) => {
      const released = await releaseConversation(deps, params.id, staff!)
      await sendToConversation(deps, released, [handoffCopy.released], { keyPrefix: `released:${params.id}:${randomUUID()}`, from: 'agent', origin: 'agent', agent: staff! })
      if (released.endedHandoffId) await askForRating(deps, released, released.endedHandoffId)
      return presentConversation(released)
    },
  }),
  route({
    method: 'post',
    path: '/api/conversations/:id/transfer',
    summary: 'Hand the chat to another agent',
    tag: 'conversations',
    access: handlers,
    params: idParams,
    body: z.object({ staffId: z.string() }),
    responses: { 200: conversationView, 404: 'conversation_not_found, or staff_not_found: no such active staff member', 409: 'not_your_conversation: not held by you', 422: 'not_an_agent: the staff member does not handle chats' },
    handler: async ({ params, body, staff }) => {
      const target = /^[0-9a-f]{24}$/.test(body.staffId) ? await staffModel(deps.db).findOne({ _id: body.staffId, active: true }).lean() : null
      if (!target) throw notFound('staff_not_found', 'No such staff member.')
      if (!target.roles.some((role: string) => (handlers as readonly string[]).includes(role))) throw ruleNotMet('not_an_agent', `${target.name} does not handle chats.`)
      return presentConversation(await transferConversation(deps, params.id, staff!, { id: String(target._id), name: target.name }))
    },
  }),
]
