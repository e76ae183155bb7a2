import { z } from 'zod'
import { calendarDay } from '../../core/calendar/schemas.ts'
import { notFound } from '../../platform/errors.ts'
import { route } from '../http/route.ts'
import type { ServerDeps } from '../app.ts'

type CustomerView = { id: string; name: string; memberId: string | null }

/** What the sandbox routes need of the simulated customers (bot/sandbox-service.ts provides it; the wiring hands it over). */
export interface SandboxPort {
  createCustomer(input: { name: string; phone?: string; birthday?: string; clinicCode?: string }): Promise<CustomerView>
  getCustomer(id: string): Promise<CustomerView>
  sendFriendRequest(id: string, hello: string): Promise<void>
  say(id: string, lines: string[]): Promise<void>
  sendImage(id: string): Promise<void>
  transcript(id: string): Promise<Array<{ from: 'customer' | 'bot' | 'agent'; text: string; at: string; type?: string; url?: string; title?: string }>>
}

const customerView = z.object({ id: z.string(), name: z.string(), memberId: z.string().nullable() })
const idParams = z.object({ id: z.string() })

/** The simulated WeChat customer (only with BOT_PUPPET=mock: 404 otherwise). No login: it is a local demo. */
export const sandboxRoutes = (deps: ServerDeps) => {
  const sandbox = () => {
    if (!deps.sandbox) throw notFound('not_found', 'The sandbox exists only while BOT_PUPPET=mock.')
    return deps.sandbox
  }
  const specs = [
    route({
      method: 'post',
      path: '/api/sandbox/customers',
      summary: 'Create a simulated customer (a mock-puppet contact, not yet a friend)',
      tag: 'sandbox',
      access: 'public',
      body: z.object({
        name: z.string().trim().min(1).max(40),
        phone: z.string().trim().max(20).optional(),
        birthday: calendarDay.optional(),
        clinicCode: z.string().trim().max(16).optional(),
      }),
      responses: { 201: customerView },
      handler: async ({ body }) => ({ status: 201, body: await sandbox().createCustomer(body) }),
    }),
    route({
      method: 'get',
      path: '/api/sandbox/customers/:id',
      summary: 'A simulated customer; memberId is set once they are a member',
      tag: 'sandbox',
      access: 'public',
      params: idParams,
      responses: { 200: customerView, 404: 'Unknown customer' },
      handler: ({ params }) => sandbox().getCustomer(params.id),
    }),
    route({
      method: 'post',
      path: '/api/sandbox/customers/:id/friend-request',
      summary: 'The customer adds the account: a real add-contact event (accept, member, welcome, coupon)',
      tag: 'sandbox',
      access: 'public',
      params: idParams,
      body: z.object({ hello: z.string().max(200).optional() }),
      responses: { 202: z.object({ accepted: z.literal(true) }) },
      handler: async ({ params, body }) => {
        await sandbox().sendFriendRequest(params.id, body.hello ?? '')
        return { status: 202, body: { accepted: true } }
      },
    }),
    route({
      method: 'post',
      path: '/api/sandbox/customers/:id/messages',
      summary: 'The customer sends a message (text, or an image with `image: true`), or several `lines` at once with no gap between them, as a fast typist does',
      tag: 'sandbox',
      access: 'public',
      params: idParams,
      body: z.object({ text: z.string().max(2000).default(''), lines: z.array(z.string().max(2000)).min(1).max(10).optional(), image: z.boolean().optional() }),
      responses: { 202: z.object({ accepted: z.literal(true) }), 422: 'empty_message: a text or line that is empty' },
      handler: async ({ params, body }) => {
        if (body.image) await sandbox().sendImage(params.id)
        else await sandbox().say(params.id, body.lines ?? [body.text])
        return { status: 202, body: { accepted: true } }
      },
    }),
    route({
      method: 'get',
      path: '/api/sandbox/customers/:id/messages',
      summary: 'Everything the customer has sent or seen, oldest first',
      tag: 'sandbox',
      access: 'public',
      params: idParams,
      responses: {
        200: z.object({
          messages: z.array(
            z.object({
              from: z.enum(['customer', 'bot', 'agent']),
              text: z.string().describe('the text; for anything else a placeholder such as [Image: photo.png] or [小程序] <title>'),
              at: z.string(),
              type: z.string().optional().describe('text, image, mini_program, file, video, voice, sticker, link, other'),
              url: z.string().optional().describe('an image sent from a URL'),
              title: z.string().optional().describe('a mini-program card’s title'),
            }),
          ),
        }),
      },
      handler: async ({ params }) => ({ messages: await sandbox().transcript(params.id) }),
    }),
  ]
  const noSandbox = 'not_found: no sandbox (BOT_PUPPET is not mock)'
  return specs.map((spec) => ({ ...spec, responses: { ...spec.responses, 404: spec.responses?.[404] ? `${spec.responses[404]}, or ${noSandbox}` : noSandbox } }))
}
