import { z } from 'zod'
import { listClinics } from '../../core/clinics/service.ts'
import { route } from '../http/route.ts'
import type { ServerDeps } from '../app.ts'

export const clinicView = z.object({
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  kind: z.enum(['eye', 'dental', 'aesthetic']),
  region: z.enum(['local', 'remote']),
  phone: z.string(),
  emergencyPhone: z.string(),
  address: z.string(),
  hours: z.string(),
  location: z.object({ latitude: z.number(), longitude: z.number() }).nullable().describe('GCJ-02, for maps'),
})

export const clinicRoutes = (deps: ServerDeps) => [
  route({
    method: 'get',
    path: '/api/clinics',
    summary: 'The clinics of the organisation (public: addresses and hours are public information)',
    tag: 'clinics',
    access: 'public',
    responses: { 200: z.object({ items: z.array(clinicView), total: z.number() }) },
    handler: async () => {
      const items = await listClinics(deps.db)
      return { items, total: items.length }
    },
  }),
]
