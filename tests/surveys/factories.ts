/** Small factories for survey tests: members with a chat, visits through the real import, job runs. */
import { randomBytes } from 'node:crypto'
import { expect } from 'vitest'
import { conversationModel, type ConversationDoc } from '../../core/conversations/model.ts'
import { openConversation } from '../../core/conversations/service.ts'
import { joinAsMember } from '../../core/members/service.ts'
import { invitationModel, type InvitationDoc } from '../../core/surveys/model.ts'
import { importVisits } from '../../core/visits/import.ts'
import type { VisitType } from '../../core/visits/model.ts'
import { outboxModel } from '../../platform/outbox/model.ts'
import type { TestApp } from '../helpers/test-app.ts'

const unique = () => randomBytes(4).toString('hex')

/** An instant written in China time, e.g. at('2026-11-24 10:00'). */
export const at = (local: string) => new Date(`${local.replace(' ', 'T')}+08:00`)

/** An account no outbox worker serves in tests: survey messages stay queued where the test can read them. */
export const TEST_ACCOUNT = 'survey-test-account'

/** A member who added the account and has a chat with the bot (channel wechaty unless told). */
export async function memberWithChat(app: TestApp, options: { name?: string; clinicCode?: string; channel?: 'wechaty' | 'wecom' | 'kf'; lastCustomerMessageAt?: Date } = {}) {
  const channel = options.channel ?? 'wechaty'
  const externalId = `wx-${unique()}`
  const { member } = await joinAsMember(app.deps, { channel, externalId, name: options.name ?? '王女士', clinicCode: options.clinicCode ?? 'BJ01' })
  const conversation = await openConversation(app.deps, { channel, account: TEST_ACCOUNT, externalId, customerName: member.name, memberId: member.id, clinicCode: member.clinicCode })
  if (options.lastCustomerMessageAt) await conversationModel(app.deps.db).updateOne({ _id: conversation._id }, { $set: { lastCustomerMessageAt: options.lastCustomerMessageAt } })
  return { memberId: member.id, conversationId: String(conversation._id) }
}

/** A member who joined but never talked to the bot (no conversation). */
export async function memberWithoutChat(app: TestApp, clinicCode = 'BJ01') {
  const { member } = await joinAsMember(app.deps, { channel: 'wechaty', externalId: `wx-${unique()}`, name: '赵先生', clinicCode })
  return { memberId: member.id }
}

/** One visit through the real import; answers its id. `by` is a memberId or { phone } (a pending member). */
export async function visit(app: TestApp, by: string | { phone: string }, type: VisitType, visitedAt: string, clinicCode = 'BJ01') {
  const externalId = `his-${unique()}`
  const who = typeof by === 'string' ? { memberId: by } : { phone: by.phone }
  const result = await importVisits(app.deps, [{ externalId, ...who, clinicCode, visitedAt: `${visitedAt.replace(' ', 'T')}:00+08:00`, type, amount: type === 'no_spend' ? 0 : 800 }])
  expect(result.rejected).toEqual([])
  return externalId
}

export async function runJob(app: TestApp, name: string, now: Date) {
  const outcome = await app.scheduler.runNow(name, now)
  expect(outcome.error).toBeNull()
  return outcome.result as Record<string, any>
}

export async function invitationsOf(app: TestApp, memberId: string): Promise<InvitationDoc[]> {
  return invitationModel(app.deps.db).find({ memberId }).sort({ createdAt: 1, surveyType: 1 }).lean<InvitationDoc[]>()
}

export async function surveyMessages(app: TestApp, invitationId: string) {
  return outboxModel(app.deps.db).find({ key: new RegExp(`^survey:${invitationId}:`) }).lean<Array<{ key: string; text: string; origin: string }>>()
}

export async function conversationOf(app: TestApp, conversationId: string) {
  return conversationModel(app.deps.db).findById(conversationId).lean<ConversationDoc>()
}

export const randomPhone = () => `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
