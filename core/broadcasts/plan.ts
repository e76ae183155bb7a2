import type { Deps } from '../../platform/deps.ts'
import { notFound } from '../../platform/errors.ts'
import type { MessageAttachment } from '../../platform/outbox/model.ts'
import { CHANNEL_CAPABILITIES, carriesAttachment, mediaOf, type ChannelKind } from '../channels/capabilities.ts'
import { audienceFilter, clinicNames, type AudienceMember } from './audience.ts'
import { memberPlaceholders } from './copy.ts'
import { deliveryWriter, type DeliveryDraft } from './deliveries.ts'
import { broadcastModel, type BroadcastDoc, type RunDoc } from './model.ts'
import { chooseRoute, forEachMemberChunkWithConversations, type ConversationRef, type PlannedRoute } from './routing.ts'
import { fillTemplate } from './template.ts'
import { variantFor } from './variants.ts'

/** Whether a conversation's channel and account can carry this attachment (core/channels/capabilities.ts `media`). */
export function channelCarries(channel: string | null, account: string | null, attachment: MessageAttachment): boolean {
  if (!channel || !(channel in CHANNEL_CAPABILITIES)) return false
  return carriesAttachment(mediaOf(channel as ChannelKind, account), attachment.kind)
}

/** One member's message: variant (A/B by member id), placeholders filled, the route, and whether the attachment rides along. */
export function draftFor(broadcast: Pick<BroadcastDoc, '_id' | 'text' | 'variantB' | 'attachment'>, member: AudienceMember, conversations: ConversationRef[], clinics: Map<string, string>, now: Date): DeliveryDraft {
  const variant = broadcast.variantB ? variantFor(broadcast._id, member._id) : null
  const text = fillTemplate(variant === 'B' ? broadcast.variantB!.text : broadcast.text, memberPlaceholders({ name: member.name, tier: member.tier, clinicName: clinics.get(member.clinicCode) ?? member.clinicCode }))
  const route: PlannedRoute = chooseRoute(conversations, now)
  const attachment = broadcast.attachment ?? null
  // A channel that cannot carry the attachment still gets the text.
  const carried = attachment && route.route !== 'skip' ? channelCarries(route.channel, route.account, attachment) : null
  return {
    memberId: member._id,
    memberName: member.name,
    variant,
    programmes: [],
    text,
    ...route,
    attachment,
    attachmentStatus: carried === null ? null : carried ? 'with_text' : 'text_only',
    attachmentReason: carried === false ? 'channel_cannot_carry' : null,
  }
}

/** Plans a broadcast run: one delivery row per member of the audience as of the run's day. */
export async function planBroadcastRun(deps: Deps, run: RunDoc, now: Date): Promise<void> {
  const broadcast = await broadcastModel(deps.db).findById(run.broadcastId).lean<BroadcastDoc>()
  if (!broadcast) throw notFound('broadcast_not_found', 'No such broadcast.')
  const clinics = await clinicNames(deps)
  const writer = deliveryWriter(deps, run, now)
  await forEachMemberChunkWithConversations(deps, audienceFilter(broadcast.audience, run.day), async (members, conversations) => {
    await writer.write(members.map((member) => draftFor(broadcast, member, conversations.get(String(member._id)) ?? [], clinics, now)))
  })
  await writer.done()
}
