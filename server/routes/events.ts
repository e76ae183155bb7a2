import { PassThrough } from 'node:stream'
import { z } from 'zod'
import { latestLiveEventSeq, liveEventsAfter } from '../../platform/live-events.ts'
import { route } from '../http/route.ts'
import type { ServerDeps } from '../app.ts'

const POLL_MS = 400
const HEARTBEAT_MS = 15_000

/** Open event streams, ended at shutdown so the server can close promptly. */
const openStreams = new Set<() => void>()

export function closeEventStreams() {
  for (const close of [...openStreams]) close()
}

export const eventRoutes = (deps: ServerDeps) => [
  route({
    method: 'get',
    path: '/api/events',
    summary:
      'Server-sent events for the console: escalation, emergency (every emergency message, queued or held), message, claimed, released, appointment (requested, confirmed, rescheduled, cancelled). Works across instances sharing one database. ' +
      'Browsers’ EventSource cannot send headers, so the token may also be given as ?access_token=.',
    tag: 'conversations',
    access: ['agent', 'supervisor', 'director', 'admin'],
    query: z.object({ access_token: z.string().optional(), after: z.coerce.number().int().min(0).optional() }),
    responses: { 200: { description: 'The event stream', media: ['text/event-stream'] } },
    handler: async ({ ctx, query }) => {
      const lastEventId = Number(ctx.get('last-event-id'))
      let seq = Number.isFinite(lastEventId) && lastEventId > 0 ? lastEventId : (query.after ?? (await latestLiveEventSeq(deps.db)))
      const stream = new PassThrough()
      ctx.req.socket.setTimeout(0)
      ctx.req.socket.setNoDelay(true)
      ctx.set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' })
      ctx.status = 200
      ctx.body = stream
      stream.write(`retry: 2000\n: connected\n\n`)

      let open = true
      let lastWrite = Date.now()
      const close = () => {
        if (!open) return
        open = false
        openStreams.delete(close)
        stream.end()
      }
      openStreams.add(close)
      ctx.req.on('close', close)
      void (async () => {
        while (open) {
          try {
            for (const event of await liveEventsAfter(deps.db, seq)) {
              seq = event.seq
              stream.write(`id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify({ ...event.payload, at: event.at })}\n\n`)
              lastWrite = Date.now()
            }
            if (Date.now() - lastWrite > HEARTBEAT_MS) {
              stream.write(': heartbeat\n\n')
              lastWrite = Date.now()
            }
          } catch (err) {
            if (open) deps.log.warn({ err }, 'event stream poll failed')
          }
          await new Promise((r) => setTimeout(r, POLL_MS))
        }
      })()
    },
  }),
]
