import { clinicByCode, listClinics } from '../core/clinics/service.ts'
import { welcomeMessage } from '../core/coupons/copy.ts'
import { grantWelcomeCoupon } from '../core/coupons/service.ts'
import { sendToConversation } from '../core/conversations/outbound.ts'
import { openConversation } from '../core/conversations/service.ts'
import { joinAsMember } from '../core/members/service.ts'
import { businessDay } from '../platform/clock.ts'
import type { Channel, ContactAdded } from '../core/channels/channel.ts'
import { botCopy } from './copy.ts'
import type { PipelineDeps } from './pipeline.ts'

/**
 * A customer added the account: member of tier D at that clinic, welcome message and the 关注有礼
 * coupon. Every step is keyed (identity, campaign+member, outbox key), so re-adding, two add
 * events at once or a restart in the middle never give a second coupon or a second welcome.
 */
/** The common first step of every welcome: the member (tier D at that clinic) and their conversation. */
export async function joinWithConversation(p: PipelineDeps, channel: Channel, event: ContactAdded) {
  const { deps } = p
  const clinics = await listClinics(deps.db)
  const clinic = clinicByCode(clinics, event.clinicCode ?? p.defaultClinicCode)
  if (event.clinicCode && clinic.code !== event.clinicCode) deps.log.warn({ state: event.clinicCode }, 'add-contact clinic code unknown; using the default clinic')
  const { member, created } = await joinAsMember(deps, { channel: channel.kind, externalId: event.externalId, name: event.customerName, clinicCode: clinic.code, hello: event.hello })
  const conversation = await openConversation(deps, {
    channel: channel.kind,
    account: channel.account,
    externalId: event.externalId,
    customerName: member.name || event.customerName,
    memberId: member.id,
    clinicCode: member.clinicCode ?? clinic.code,
  })
  const homeClinic = clinics.find((c) => c.code === member.clinicCode) ?? clinic
  return { member, created, conversation, homeClinic }
}

export async function welcomeNewContact(p: PipelineDeps, channel: Channel, event: ContactAdded): Promise<void> {
  const { deps } = p
  const { member, created, conversation, homeClinic } = await joinWithConversation(p, channel, event)
  const { coupon } = await grantWelcomeCoupon(deps, member.id)
  await sendToConversation(deps, conversation, [welcomeMessage(homeClinic, coupon)], { keyPrefix: `welcome:${member.id}`, from: 'bot', origin: 'welcome', priority: 0 })
  const joinedLongAgo = deps.clock.now().getTime() - new Date(member.joinedAt).getTime() > 3600_000
  if (!created && joinedLongAgo) {
    // Coming back after deleting us: a short hello, once a day at most; never a second coupon.
    // (Not for a second add event arriving together with the first.)
    await sendToConversation(deps, conversation, [botCopy.welcomeBack(homeClinic.name)], {
      keyPrefix: `welcome-back:${member.id}:${businessDay(deps.clock.now())}`,
      from: 'bot',
      origin: 'welcome',
      priority: 0,
    })
  }
}
