import type { Types } from 'mongoose'
import type { Deps } from '../../platform/deps.ts'
import { CHANNEL_CAPABILITIES, unpromptedRoute, type ChannelKind } from '../channels/capabilities.ts'
import { conversationModel } from '../conversations/model.ts'
import { CURSOR_BATCH, forEachMemberChunk, type AudienceMember } from './audience.ts'
import type { DeliveryRoute } from './model.ts'

export type SkipReason = 'no_conversation' | 'no_open_window' | 'channel_cannot_send'

/** How one recipient is reached: the conversation to use and the route, or why not. */
export interface PlannedRoute {
  route: DeliveryRoute
  skipReason: SkipReason | null
  channel: string | null
  account: string | null
  recipient: string | null
  conversationId: Types.ObjectId | null
}

export interface ConversationRef {
  _id: Types.ObjectId
  memberId: Types.ObjectId
  channel: string
  account: string
  externalId: string
  lastCustomerMessageAt?: Date | null
  lastMessageAt?: Date | null
}

const RANK: Record<DeliveryRoute, number> = { send: 0, mass_task: 1, skip: 2 }

/**
 * Plans a member's route over all their conversations (one per channel): a channel that can
 * send now beats a confirmed mass task (客户联系), which beats a skip; among equals, the most
 * recently active conversation. Channels are judged by capability (core/channels), never by name.
 */
export function chooseRoute(conversations: ConversationRef[], now: Date): PlannedRoute {
  if (!conversations.length) return { route: 'skip', skipReason: 'no_conversation', channel: null, account: null, recipient: null, conversationId: null }
  const options = conversations.map((conversation) => {
    const kind = conversation.channel as ChannelKind
    const planned = kind in CHANNEL_CAPABILITIES ? unpromptedRoute(kind, conversation.lastCustomerMessageAt ?? null, now) : ({ kind: 'skip', reason: 'channel_cannot_send' } as const)
    return { conversation, planned }
  })
  options.sort(
    (a, b) =>
      RANK[a.planned.kind] - RANK[b.planned.kind] ||
      (b.conversation.lastMessageAt?.getTime() ?? 0) - (a.conversation.lastMessageAt?.getTime() ?? 0),
  )
  const { conversation, planned } = options[0]
  return {
    route: planned.kind,
    skipReason: planned.kind === 'skip' ? planned.reason : null,
    channel: conversation.channel,
    account: conversation.account,
    recipient: conversation.externalId,
    conversationId: conversation._id,
  }
}

const CONVERSATION_FIELDS = { memberId: 1, channel: 1, account: 1, externalId: 1, lastCustomerMessageAt: 1, lastMessageAt: 1 }

/**
 * The matching members a chunk at a time (forEachMemberChunk), each chunk with its members'
 * conversations by member id: the conversations are read in one pass sorted by member and merged
 * along, rather than queried per chunk (on FerretDB a scan of every conversation each time).
 */
export async function forEachMemberChunkWithConversations(
  deps: Pick<Deps, 'db'>,
  filter: Record<string, unknown>,
  visit: (members: AudienceMember[], conversations: Map<string, ConversationRef[]>) => Promise<void>,
): Promise<void> {
  const cursor = conversationModel(deps.db).find({ memberId: { $ne: null } }, CONVERSATION_FIELDS).sort({ memberId: 1 }).batchSize(CURSOR_BATCH).lean<ConversationRef[]>().cursor()
  let next: ConversationRef | null = null
  try {
    await forEachMemberChunk(deps, filter, async (members) => {
      const wanted = new Set(members.map((m) => String(m._id)))
      // ObjectIds as hex strings sort as the database sorts them.
      const last = String(members[members.length - 1]._id)
      const byMember = new Map<string, ConversationRef[]>()
      for (;;) {
        next ??= (await cursor.next()) as ConversationRef | null
        if (!next || String(next.memberId) > last) break
        const key = String(next.memberId)
        if (wanted.has(key)) byMember.set(key, [...(byMember.get(key) ?? []), next])
        next = null
      }
      await visit(members, byMember)
    })
  } finally {
    await cursor.close()
  }
}
