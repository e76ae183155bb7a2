import { z } from 'zod'
import { yuanAmount } from '../members/money.ts'
import { VISIT_TYPES } from './model.ts'

/** HIS exports often send ids and phones as numbers. */
const text = (max: number) => z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string().trim().min(1).max(max))

/** One row of POST /api/visits; each row is checked on its own so the good rows land. */
export const visitRow = z
  .object({
    externalId: text(100).describe("the HIS/CRM's visit id; importing it again updates the visit"),
    memberId: text(100).optional(),
    phone: text(20).optional().describe('used when memberId is absent; an unknown phone creates a pending member'),
    clinicCode: text(16),
    visitedAt: text(40).describe('ISO 8601 with offset; without an offset it is read as Asia/Shanghai time'),
    type: z.enum(VISIT_TYPES),
    amount: yuanAmount.describe('yuan spent, 0 for no_spend'),
  })
  .refine((row) => row.memberId || row.phone, { message: 'neither memberId nor phone given', path: ['memberId'] })
export type VisitRow = z.infer<typeof visitRow>

/** Rows are validated one by one in core, so the body only has to be a list; its documented shape is visitRow. */
export const visitImportBody = z
  .array(z.unknown().meta({ ...z.toJSONSchema(visitRow, { io: 'input' }), $schema: undefined }))
  .min(1)
  .max(2000)

export const visitImportResult = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  rejected: z.array(z.object({ index: z.number().int(), error: z.string() })),
})
export type VisitImportResult = z.infer<typeof visitImportResult>

export const visitView = z.object({
  id: z.string(),
  externalId: z.string(),
  memberId: z.string(),
  clinicCode: z.string(),
  visitedAt: z.string(),
  visitDay: z.string(),
  type: z.enum(VISIT_TYPES),
  amount: z.number(),
})
export type VisitView = z.infer<typeof visitView>
