import { z } from 'zod'
import { calendarInstant as instant, clockTime } from '../calendar/schemas.ts'
import { MEMBER_CATEGORIES, TIERS } from '../members/model.ts'
import { BROADCAST_PLACEHOLDERS } from './copy.ts'
import { ATTACHMENT_STATUSES, BROADCAST_STATUSES, DELIVERY_STATUSES } from './model.ts'
import { unknownPlaceholders } from './template.ts'

const messageText = z
  .string()
  .trim()
  .min(1)
  .max(1500)
  .refine((text) => unknownPlaceholders(text, BROADCAST_PLACEHOLDERS).length === 0, 'may use only the placeholders {{name}}, {{tier}} and {{clinic}}')

const httpsUrl = z
  .string()
  .trim()
  .max(1000)
  .refine((value) => URL.canParse(value) && new URL(value).protocol === 'https:', 'must be an https:// URL')
const required = (max: number) => z.string().trim().min(1, 'must not be empty').max(max)

/** One image, or one mini-program card, sent after the text where the recipient's channel can carry it. */
export const attachmentSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('image'), url: httpsUrl.describe('a JPG or PNG the platforms can fetch') }),
    z.strictObject({
      kind: z.literal('mini_program'),
      appId: required(64).describe('the mini program’s AppID (wx…), bound to the WeCom corp for 客户联系 and 微信客服'),
      pagePath: required(500).describe('the page it opens, e.g. pages/index/index'),
      // WeCom: a mini-program card's title is at most 64 bytes (add_msg_template, kf/send_msg).
      title: required(64).refine((title) => Buffer.byteLength(title) <= 64, 'must be at most 64 bytes (about 21 Chinese characters)'),
      thumbUrl: httpsUrl.describe('the card’s cover (520×416 recommended), uploaded to WeCom when sent there'),
    }),
  ],
  { error: (issue) => (issue.code === 'invalid_union' ? 'kind must be "image" or "mini_program"' : undefined) },
)
export type AttachmentInput = z.infer<typeof attachmentSchema>

export const audienceSchema = z.strictObject({
  tiers: z.array(z.enum(TIERS)).min(1).optional(),
  categories: z.array(z.enum(MEMBER_CATEGORIES)).min(1).optional(),
  clinicCodes: z.array(z.string().trim().min(1).max(16)).min(1).optional(),
  tags: z.array(z.string().trim().min(1).max(20)).min(1).optional().describe('members with any of these tags'),
  birthdayToday: z.boolean().optional().describe('members whose birthday is the day the broadcast is sent'),
})

export const recurrenceSchema = z.strictObject({
  weekday: z.number().int().min(1).max(7).describe('1 Monday … 7 Sunday'),
  time: clockTime.describe('HH:mm, Asia/Shanghai'),
})

export const createBroadcastBody = z.strictObject({
  name: z.string().trim().min(1).max(60),
  text: messageText.describe('{{name}} (the member’s name, or 您), {{tier}} and {{clinic}} are filled per member'),
  audience: audienceSchema.default({}),
  sendAt: instant.optional().describe('ISO 8601 with offset; empty: as soon as it is scheduled'),
  recurrence: recurrenceSchema.optional().describe('weekly; the first run is the first occurrence at or after sendAt'),
  variantB: z.strictObject({ text: messageText }).optional().describe('A/B test: about half the audience, split by member id, gets this text'),
  attachment: attachmentSchema.optional().describe('sent after the text where the recipient’s channel carries it; elsewhere the text goes alone'),
})
export type CreateBroadcastInput = z.infer<typeof createBroadcastBody>

export const broadcastFilters = z.object({ status: z.enum(BROADCAST_STATUSES).optional() })
export const deliveryFilters = z.object({ status: z.enum(DELIVERY_STATUSES).optional() })

const counts = {
  planned: z.number().describe('delivery rows of the current (or last) run, all routes'),
  queued: z.number().describe('waiting for their turn, in the outbox or before it'),
  sending: z.number(),
  sent: z.number(),
  failed: z.number().describe('after the outbox’s retries, with the reason on each delivery'),
  skipped: z.number().describe('no way to reach them now, or opted out meanwhile; see skipReasons'),
  uncertain: z.number().describe('the process stopped while sending: never resent, listed for staff'),
  paused: z.number(),
  cancelled: z.number(),
  massTask: z.number().describe('WeCom 客户联系: handed over as a mass-message task awaiting the staff member’s confirmation'),
  skipReasons: z.record(z.string(), z.number()),
  variants: z.object({ A: z.object({ planned: z.number(), sent: z.number() }), B: z.object({ planned: z.number(), sent: z.number() }) }).nullable(),
}

const broadcastFields = {
  id: z.string(),
  name: z.string(),
  status: z.enum(BROADCAST_STATUSES),
  text: z.string(),
  variantB: z.object({ text: z.string() }).nullable(),
  attachment: attachmentSchema.nullable(),
  audience: audienceSchema,
  sendAt: z.string().nullable(),
  recurrence: recurrenceSchema.nullable(),
  nextRunAt: z.string().nullable(),
  audienceCount: z.number(),
  approvalRequired: z.boolean(),
  createdBy: z.string(),
  createdByName: z.string(),
  approvedBy: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
}

export const broadcastListItem = z.object({
  ...broadcastFields,
  progress: z.object({ runId: z.string(), ...counts }).nullable().describe('the current (or last) run’s figures, once the broadcast has started'),
})
export const broadcastView = z.object({ ...broadcastFields, runId: z.string().nullable(), ...counts })
export type BroadcastView = z.infer<typeof broadcastView>

export const createdView = z.object({ id: z.string(), status: z.literal('draft'), audienceCount: z.number() })

const routeCounts = {
  send: z.number(),
  massTask: z.number(),
  skip: z.number(),
  textOnly: z.number().describe('recipients reached (send or mass task) whose channel cannot carry the attachment: they get the text alone'),
}
export const previewView = z.object({
  audienceCount: z.number(),
  attachment: attachmentSchema.nullable(),
  routes: z.object({ ...routeCounts, skipReasons: z.record(z.string(), z.number()) }),
  channels: z
    .array(z.object({ channel: z.string(), ...routeCounts, carriesAttachment: z.boolean().nullable().describe('null without an attachment') }))
    .describe('planned routes per channel, as of now'),
  samples: z.array(z.object({ memberId: z.string(), name: z.string(), variant: z.enum(['A', 'B']).nullable(), route: z.enum(['send', 'mass_task', 'skip']), channel: z.string().nullable(), text: z.string() })),
})
export type PreviewView = z.infer<typeof previewView>

export const deliveryView = z.object({
  id: z.string(),
  runId: z.string(),
  memberId: z.string(),
  memberName: z.string(),
  channel: z.string().nullable(),
  route: z.enum(['send', 'mass_task', 'skip']),
  status: z.enum(DELIVERY_STATUSES),
  reason: z.string().nullable(),
  variant: z.enum(['A', 'B']).nullable(),
  text: z.string(),
  attachment: attachmentSchema.nullable(),
  attachmentStatus: z
    .enum(ATTACHMENT_STATUSES)
    .nullable()
    .describe('with_text: goes (went) with the text; text_only: the channel cannot carry it; failed: the text went, the attachment did not (never resent); null: no attachment'),
  attachmentReason: z.string().nullable(),
  notBefore: z.string().nullable(),
  settledAt: z.string().nullable(),
})
export type DeliveryView = z.infer<typeof deliveryView>
