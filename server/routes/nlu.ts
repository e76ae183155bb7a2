import { z } from 'zod'
import { listClinics } from '../../core/clinics/service.ts'
import { INTENTS, type Nlu } from '../../core/nlu/intents.ts'
import { hitRateLimit } from '../../platform/rate-limit.ts'
import { route } from '../http/route.ts'
import type { ServerDeps } from '../app.ts'

export const nluRoutes = (deps: ServerDeps & { nlu: Nlu }) => [
  route({
    method: 'post',
    path: '/api/nlu/parse',
    summary: 'Understand a customer message: intent, confidence and slots (public, 60 requests a minute per address)',
    tag: 'nlu',
    access: 'public',
    body: z.object({ text: z.string().min(1).max(2000) }),
    responses: {
      200: z.object({
        intent: z.enum(INTENTS),
        confidence: z.number(),
        slots: z.record(z.string(), z.unknown()),
        angry: z.boolean(),
        source: z.enum(['local', 'llm']),
        alternatives: z.array(z.object({ intent: z.enum(INTENTS), confidence: z.number() })).optional().describe('other likely intents, most likely first'),
      }),
      429: 'too_many_requests: over 60 a minute from this address',
    },
    handler: async ({ body, ctx }) => {
      await hitRateLimit(deps.db, `nlu:${ctx.ip}`, { limit: 60, windowMs: 60_000 }, new Date())
      const clinics = await listClinics(deps.db)
      const result = await deps.nlu.parse(body.text, { now: deps.clock.now(), clinics: clinics.map((c) => ({ code: c.code, name: c.name, aliases: [c.shortName] })) })
      return { intent: result.intent, confidence: result.confidence, slots: result.slots, angry: result.angry, source: result.source, ...(result.alternatives ? { alternatives: result.alternatives } : {}) }
    },
  }),
]
