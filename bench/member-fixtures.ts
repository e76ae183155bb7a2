/**
 * A chain's membership, written straight to the collections a thousand at a time: members of every
 * tier across the clinics, nine in ten with a Wechaty conversation (the rest joined by a visit
 * import and never chatted), a few opted out. Seeded once per run for broadcast_plan,
 * api_member_get and rss_100k.
 */
import { Types } from 'mongoose'
import { conversationIdFor } from '../core/conversations/service.ts'
import { conversationModel } from '../core/conversations/model.ts'
import { memberModel } from '../core/members/model.ts'
import type { Deps } from '../platform/deps.ts'
import type { BenchContext } from './context.ts'

const CLINICS = ['BJ01', 'BJ02', 'SH01', 'CD01']
const TIERS = ['A', 'B', 'C', 'D', 'D', 'D']
export const MEMBERS_DB = 'bench_members'
export const BENCH_ACCOUNT = 'sandbox-bot'

export interface Membership {
  deps: Deps
  members: number
  /** A spread of member ids, for requests by id. */
  sampleIds: string[]
}

export function membership(ctx: BenchContext): Promise<Membership> {
  return ctx.once('membership', async () => {
    const deps = await ctx.freshDeps(MEMBERS_DB)
    const count = ctx.size(100_000, 5_000)
    const joined = new Date('2026-06-01T10:00:00+08:00')
    const recently = new Date(Date.now() - 3600_000)
    const sampleIds: string[] = []
    for (let i = 0; i < count; i += 1000) {
      const members: object[] = []
      const conversations: object[] = []
      for (let j = i; j < Math.min(count, i + 1000); j++) {
        const _id = new Types.ObjectId()
        if (j % 97 === 0) sampleIds.push(String(_id))
        const month = String((j % 12) + 1).padStart(2, '0')
        const day = String((j % 28) + 1).padStart(2, '0')
        members.push({ _id, status: 'active', name: `会员${j}`, birthday: `1985-${month}-${day}`, clinicCode: CLINICS[j % CLINICS.length], tier: TIERS[j % TIERS.length], familyMembers: [], tags: j % 5 === 0 ? ['近视'] : [], optedOut: j % 50 === 0, joinedAt: joined, joinChannel: 'wechaty', createdAt: joined, rev: 0 })
        if (j % 10 !== 9) {
          const externalId = `bench-customer-${j}`
          conversations.push({ _id: conversationIdFor('wechaty', externalId), channel: 'wechaty', externalId, account: BENCH_ACCOUNT, memberId: _id, status: 'bot', lastMessageAt: recently, lastCustomerMessageAt: recently, misunderstandings: 0, rev: 0, createdAt: joined, updatedAt: recently })
        }
      }
      await memberModel(deps.db).collection.insertMany(members, { ordered: false })
      await conversationModel(deps.db).collection.insertMany(conversations, { ordered: false })
    }
    return { deps, members: count, sampleIds }
  })
}
