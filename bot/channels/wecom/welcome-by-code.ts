import { grantWelcomeCoupon } from '../../../core/coupons/service.ts'
import { markDelivery, openConversation, recordOutbound } from '../../../core/conversations/service.ts'
import { identityKey } from '../../../core/members/model.ts'
import { updateContactDetails } from '../../../core/members/service.ts'
import { rememberUnionId } from '../../../core/members/unions.ts'
import { businessDay } from '../../../platform/clock.ts'
import { outboxModel } from '../../../platform/outbox/model.ts'
import type { ContactAdded } from '../../../core/channels/channel.ts'
import { botCopy } from '../../copy.ts'
import type { PipelineDeps } from '../../pipeline.ts'
import { joinWithConversation } from '../../welcome.ts'
import { WecomApiError } from '../../../platform/wecom/api-client.ts'
import { WELCOME_ALREADY_SENT, WELCOME_CODE_EXPIRED, type ContactChannel } from './contact-channel.ts'
import { wecomCopy } from './copy.ts'
import { planMassTaskMessage } from './mass-tasks.ts'
import { claimOutboxKey, sendNow } from './send-now.ts'

export type WelcomeOutcome = 'sent' | 'already_welcomed' | 'mass_task' | 'failed'

/**
 * A customer added the staff member on 客户联系: member (tier D) at the clinic of the 联系我 code
 * (its state), the 关注有礼 coupon, and the welcome — sent at once with the event's welcome code,
 * which works only within 20 s and only once. Everything before the send is a few keyed database
 * writes; the slow part (looking up the customer's name) comes after it.
 *
 * Once: the welcome is the outbox row `welcome:<memberId>:0` (the key welcomeNewContact uses),
 * inserted as under way before the call (send-now.ts), so the same event delivered three times,
 * two add events at once, or a restart mid-way send one welcome. WeCom's 41051 (already sent) is
 * done; 41050 (code expired) or an event without a code (an admin-configured welcome exists, or
 * the two already chat) hands the same text to a mass-message task the staff member confirms.
 * A customer who comes back after deleting us gets the welcome-back line with the code, never a
 * second coupon.
 */
export async function welcomeThroughCode(p: PipelineDeps, channel: ContactChannel, event: ContactAdded): Promise<WelcomeOutcome> {
  const { deps } = p
  const { member, created, conversation, homeClinic } = await joinWithConversation(p, channel, event)

  let key = `welcome:${member.id}:0`
  let text: string
  if (!(await outboxModel(deps.db).exists({ key }))) {
    const { coupon } = await grantWelcomeCoupon(deps, member.id)
    text = wecomCopy.welcome(homeClinic, coupon)
  } else {
    // Welcomed before. A second add event arriving with the first is not a return.
    const joinedLongAgo = deps.clock.now().getTime() - new Date(member.joinedAt ?? 0).getTime() > 3600_000
    if (created || !joinedLongAgo) return 'already_welcomed'
    key = `welcome-back:${member.id}:${businessDay(deps.clock.now())}:0`
    text = botCopy.welcomeBack(homeClinic.name)
  }

  let outcome: WelcomeOutcome
  if (!event.welcomeCode) {
    outcome = (await handToMassTask(p, conversation, key, text, 'no_welcome_code')) ? 'mass_task' : 'already_welcomed'
  } else {
    const code = event.welcomeCode
    let expired = false
    const sent = await sendNow(deps, {
      key,
      conversation,
      text,
      origin: 'welcome',
      send: () => channel.sendWithWelcomeCode(code, text),
      classify(err) {
        if (err instanceof WecomApiError && err.errcode === WELCOME_ALREADY_SENT) return { status: 'sent', reason: 'already_sent' }
        if (err instanceof WecomApiError && err.errcode === WELCOME_CODE_EXPIRED) expired = true
        return { status: 'failed', reason: err instanceof WecomApiError ? (expired ? 'welcome_code_expired' : `wecom_${err.errcode}`) : 'unexpected' }
      },
    })
    if (sent.status === 'duplicate') return 'already_welcomed'
    outcome = sent.status === 'sent' ? 'sent' : 'failed'
    if (expired && key.startsWith('welcome:')) {
      // The coupon must still reach them: the same text as a task the staff member confirms.
      await planMassTaskMessage(deps, { key, externalId: event.externalId, text, origin: 'welcome', memberId: member.id, conversationId: conversation._id, outboxKey: key })
      await markDelivery(deps, key, 'mass_task')
      outcome = 'mass_task'
    }
  }

  // Now the slow part: the customer's WeCom name for the member record and the console, and their
  // unionid, which finds this member when they open the mini program.
  await syncProfile(p, channel, event.externalId, member).catch((err) => deps.log.warn({ err }, 'looking up the WeCom contact’s profile failed'))
  return outcome
}

/** No usable code: the outbox row records why, and the text goes out as a mass-message task. */
async function handToMassTask(p: PipelineDeps, conversation: Awaited<ReturnType<typeof openConversation>>, key: string, text: string, reason: string): Promise<boolean> {
  const { deps } = p
  const claimed = await claimOutboxKey(deps, conversation, { key, text, origin: 'welcome', status: 'failed', lastError: `${reason}: handed to a WeCom mass-message task` })
  if (!claimed) return false
  await recordOutbound(deps, conversation._id, { from: 'bot', text, outboxKey: key })
  if (key.startsWith('welcome:')) {
    await planMassTaskMessage(deps, { key, externalId: conversation.externalId, text, origin: 'welcome', memberId: conversation.memberId ?? undefined, conversationId: conversation._id, outboxKey: key })
    await markDelivery(deps, key, 'mass_task')
  } else {
    await markDelivery(deps, key, 'failed') // a welcome-back line is not worth a mass-message slot
  }
  return true
}

async function syncProfile(p: PipelineDeps, channel: ContactChannel, externalId: string, member: { id: string; name: string }) {
  const { name, unionid } = await channel.contactProfile(externalId)
  await rememberUnionId(p.deps, unionid, identityKey(channel.kind, externalId))
  if (!name || member.name) return
  await updateContactDetails(p.deps, member.id, { name: name.slice(0, 40) })
  await openConversation(p.deps, { channel: channel.kind, account: channel.account, externalId, customerName: name })
}
