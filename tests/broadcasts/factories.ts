import { randomBytes } from 'node:crypto'
import { Types, type Connection } from 'mongoose'
import { conversationModel } from '../../core/conversations/model.ts'
import { identityKey, memberIdentityModel, memberModel, type FamilyMember, type MemberCategory, type Tier } from '../../core/members/model.ts'
import { startOutboxWorker, type Sender } from '../../platform/outbox/outbox.ts'
import type { OutboxDoc } from '../../platform/outbox/model.ts'
import { createLogger } from '../../platform/log.ts'

export interface MemberSpec {
  name?: string
  tier?: Tier
  category?: MemberCategory | null
  clinicCode?: string
  tags?: string[]
  birthday?: string | null
  familyMembers?: FamilyMember[]
  optedOut?: boolean
  /** pending: from a visit import, no channel identity and no conversation. */
  status?: 'active' | 'pending'
  joinedAt?: Date
  /** The channel of the member's conversation; null: a member without any conversation. */
  channel?: 'wechaty' | 'wecom' | 'kf' | null
  account?: string
  lastCustomerMessageAt?: Date | null
}

export interface SeededMember {
  id: string
  externalId: string | null
  name: string
}

const unique = () => randomBytes(4).toString('hex')

/**
 * Members who added an account, with their identity and conversation, written in bulk: the
 * crash test needs thousands, faster than the join flow can make them. The rows are what the
 * join flow writes (core/members, core/conversations).
 */
export async function seedMembers(db: Connection, specs: MemberSpec[], defaults: Partial<MemberSpec> = {}): Promise<SeededMember[]> {
  const now = new Date()
  const members = specs.map((raw, i) => {
    const spec = { ...defaults, ...raw }
    const _id = new Types.ObjectId()
    const channel = spec.status === 'pending' ? null : spec.channel === undefined ? 'wechaty' : spec.channel
    const externalId = channel ? `${channel}-${unique()}-${i}` : null
    return { _id, spec, channel, externalId }
  })
  await memberModel(db).insertMany(
    members.map(({ _id, spec }) => ({
      _id,
      status: spec.status ?? 'active',
      name: spec.name ?? '',
      birthday: spec.birthday ?? null,
      category: spec.category ?? null,
      clinicCode: spec.clinicCode ?? 'BJ01',
      tier: spec.tier ?? 'D',
      familyMembers: spec.familyMembers ?? [],
      tags: spec.tags ?? [],
      optedOut: spec.optedOut ?? false,
      joinedAt: spec.status === 'pending' ? null : (spec.joinedAt ?? new Date('2025-01-10T02:00:00Z')),
      joinChannel: spec.status === 'pending' ? null : 'wechaty',
      createdAt: now,
    })),
  )
  const reachable = members.filter((m) => m.channel)
  if (reachable.length) {
    await memberIdentityModel(db).insertMany(reachable.map((m) => ({ _id: identityKey(m.channel!, m.externalId!), channel: m.channel, externalId: m.externalId, memberId: m._id, createdAt: now })))
    await conversationModel(db).insertMany(
      reachable.map((m) => ({
        channel: m.channel,
        externalId: m.externalId,
        account: m.spec.account ?? `test:${m.channel}`,
        customerName: m.spec.name ?? '',
        memberId: m._id,
        clinicCode: m.spec.clinicCode ?? 'BJ01',
        status: 'bot',
        lastMessageAt: m.spec.lastCustomerMessageAt ?? now,
        lastCustomerMessageAt: m.spec.lastCustomerMessageAt ?? null,
      })),
    )
  }
  return members.map((m) => ({ id: String(m._id), externalId: m.externalId, name: m.spec.name ?? '' }))
}

/** An outbox worker for test accounts that records what each customer received. */
export function recordingWorker(db: Connection, accounts: string[], options: { perMinute?: number; staleAfterMs?: number } = {}) {
  const received = new Map<string, string[]>()
  const sender: Sender = async (message: OutboxDoc) => {
    received.set(message.recipient, [...(received.get(message.recipient) ?? []), message.text])
  }
  const worker = startOutboxWorker({
    db,
    log: createLogger('silent'),
    senders: Object.fromEntries(accounts.map((account) => [account, sender])),
    pacing: { perMinute: options.perMinute ?? 6000, burst: 50 },
    staleAfterMs: options.staleAfterMs,
  })
  return { received, stop: () => worker.stop() }
}

/** Polls until `check` answers true (or fails the test after `timeoutMs`). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 30_000, what = 'the condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`timed out waiting for ${what}`)
}
