import { z } from 'zod'
import { route } from '../http/route.ts'
import type { ServerDeps } from '../app.ts'

const channelStatusView = z.object({
  kind: z.string().describe('wechaty, wecom or kf'),
  account: z.string().nullable().describe('the logged-in account, when known'),
  state: z.enum(['starting', 'waiting_for_scan', 'logged_in', 'logged_out', 'error', 'stopped', 'unknown']),
  qr: z.string().nullable().describe("the login QR code's content while waiting for a scan (real puppets); the console draws it"),
  detail: z.string().nullable(),
})

/** The WeChat connection for the console's settings page (admin: the QR code logs the clinic's account in). */
export const channelRoutes = (deps: ServerDeps) => [
  route({
    method: 'get',
    path: '/api/channels/status',
    summary: "The bot's WeChat connections in this instance: state, account, and the login QR content while waiting for a scan. Empty where the bot does not run (BOT_ENABLED=false).",
    tag: 'channels',
    access: ['admin'],
    responses: { 200: z.object({ puppet: z.enum(['mock', 'wechat4u', 'service']), botEnabled: z.boolean(), items: z.array(channelStatusView) }) },
    handler: () => {
      const base = { puppet: deps.config.BOT_PUPPET, botEnabled: deps.config.BOT_ENABLED }
      if (!deps.config.BOT_ENABLED) return { ...base, items: [] }
      if (deps.channels) {
        return { ...base, items: deps.channels().map((channel) => ({ kind: channel.kind, ...pick(channel.status()) })) }
      }
      // Started without the channels handed over: all that is known is whether the sandbox runs.
      return {
        ...base,
        items: [
          deps.sandbox
            ? { kind: 'wechaty', account: 'sandbox', state: 'logged_in' as const, qr: null, detail: 'BOT_PUPPET=mock: simulated customers' }
            : { kind: 'wechaty', account: null, state: 'unknown' as const, qr: null, detail: 'The channel status is not available in this process.' },
        ],
      }
    },
  }),
]

function pick(status: { state: string; account: string | null; qr: string | null; detail: string | null }) {
  return { account: status.account, state: status.state, qr: status.qr, detail: status.detail }
}
