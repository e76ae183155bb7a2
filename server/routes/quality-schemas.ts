import { z } from 'zod'

const seconds = z.number().nullable()
const fraction = z.number().nullable()
const figures = {
  chats: z.number(),
  firstResponse: z.object({ answered: z.number(), p50Seconds: seconds, p90Seconds: seconds, within1m: fraction, within3m: fraction, within10m: fraction }),
  handling: z.object({ count: z.number(), averageSeconds: seconds, totalSeconds: z.number() }),
  transfers: z.number(),
  released: z.number(),
  complaints: z.number(),
  rating: z.object({ count: z.number(), average: z.number().nullable() }),
  review: z.object({ count: z.number(), averagePercent: z.number().nullable() }),
}

export const kpiReportView = z.object({
  from: z.string(),
  to: z.string(),
  items: z.array(z.object({ agentId: z.string(), agentName: z.string(), ...figures })),
  total: z.number(),
  clinics: z.array(z.object({ clinicCode: z.string().nullable(), ...figures })),
  daily: z.array(z.object({ day: z.string(), answered: z.number(), p50Seconds: seconds, p90Seconds: seconds })),
})
