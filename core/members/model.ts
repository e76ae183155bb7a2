import { Schema, type Connection, type Types } from 'mongoose'
import { transition } from '../../platform/db/atomic.ts'
import { modelOf } from '../../platform/db/model-of.ts'

export const TIERS = ['A', 'B', 'C', 'D'] as const
export type Tier = (typeof TIERS)[number]

/** 儿童 / 成人 / 老年 / 糖尿病 (eye hospital categories). */
export const MEMBER_CATEGORIES = ['child', 'adult', 'elderly', 'diabetic'] as const
export type MemberCategory = (typeof MEMBER_CATEGORIES)[number]

/** pending: created from a visit import by phone, nobody has added the account yet; merged: absorbed into another member. */
export const MEMBER_STATUSES = ['active', 'pending', 'merged'] as const
export type MemberStatus = (typeof MEMBER_STATUSES)[number]

export const CHANNELS = ['wechaty', 'wecom', 'kf', 'miniprogram'] as const
export type Channel = (typeof CHANNELS)[number]

const familyMemberSchema = new Schema(
  { name: { type: String, required: true }, relation: { type: String, required: true }, birthday: { type: String, default: null } },
  { _id: false },
)

const memberSchema = new Schema(
  {
    status: { type: String, enum: MEMBER_STATUSES, default: 'active', index: true },
    name: { type: String, default: '' },
    phone: { type: String }, // 11-digit mainland mobile, unique when present
    birthday: { type: String, default: null }, // 'YYYY-MM-DD'
    category: { type: String, enum: MEMBER_CATEGORIES, default: null },
    clinicCode: { type: String, required: true, index: true }, // home clinic
    tier: { type: String, enum: TIERS, default: 'D', index: true },
    tierChangedAt: { type: Date, default: null },
    familyMembers: { type: [familyMemberSchema], default: [] },
    tags: { type: [String], default: [] },
    notes: { type: String, default: '' },
    optedOut: { type: Boolean, default: false },
    optedOutAt: { type: Date, default: null },
    joinedAt: { type: Date, default: null },
    joinChannel: { type: String, default: null },
    joinGreeting: { type: String, default: null }, // the friend request's hello text
    lastAddedAt: { type: Date, default: null },
    idNumber: { type: String, default: null },
    mergedInto: { type: Schema.Types.ObjectId, default: null },
    /** First linked to the mini program: surveys the chat cannot carry are answered there. */
    miniprogramAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
    rev: { type: Number, default: 0 }, // advanced by every write (writeMember)
  },
  { collection: 'members', versionKey: false },
)
memberSchema.index({ phone: 1 }, { unique: true, sparse: true })

export interface FamilyMember {
  name: string
  relation: string
  birthday: string | null
}

export interface MemberDoc {
  _id: Types.ObjectId
  status: MemberStatus
  name: string
  phone?: string | null
  birthday: string | null
  category: MemberCategory | null
  clinicCode: string
  tier: Tier
  tierChangedAt: Date | null
  familyMembers: FamilyMember[]
  tags: string[]
  notes: string
  optedOut: boolean
  optedOutAt: Date | null
  joinedAt: Date | null
  joinChannel: Channel | null
  joinGreeting: string | null
  lastAddedAt: Date | null
  idNumber: string | null
  mergedInto: Types.ObjectId | null
  miniprogramAt?: Date | null
  createdAt: Date
  rev?: number
}

export const memberModel = modelOf('Member', memberSchema)

/** A customer's identity on one channel; the unique key makes "the same customer" stable per channel. */
const memberIdentitySchema = new Schema(
  {
    _id: { type: String, required: true }, // identityKey(channel, externalId): every message finds its member by _id
    channel: { type: String, enum: CHANNELS, required: true },
    externalId: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, required: true, index: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'member_identities', versionKey: false },
)
memberIdentitySchema.index({ channel: 1, externalId: 1 }, { unique: true })

export function identityKey(channel: string, externalId: string): string {
  return `${channel}:${externalId}`
}

export interface MemberIdentityDoc {
  _id: string
  channel: Channel
  externalId: string
  memberId: Types.ObjectId
  createdAt: Date
}

export const memberIdentityModel = modelOf('MemberIdentity', memberIdentitySchema)

const tierChangeSchema = new Schema(
  {
    memberId: { type: Schema.Types.ObjectId, required: true, index: true },
    from: { type: String, enum: TIERS, required: true },
    to: { type: String, enum: TIERS, required: true },
    direction: { type: String, enum: ['up', 'down'], required: true },
    spendFen: { type: Number, required: true },
    windowMonths: { type: Number, required: true },
    reason: { type: String, required: true },
    at: { type: Date, required: true },
    // `<memberId>:<from>:<to>:<day>`: two recomputes at once record one change (FerretDB updates are not atomic).
    key: { type: String, required: true, unique: true },
  },
  { collection: 'tier_changes', versionKey: false },
)
tierChangeSchema.index({ direction: 1, at: 1 })

export interface TierChangeDoc {
  _id: Types.ObjectId
  memberId: Types.ObjectId
  from: Tier
  to: Tier
  direction: 'up' | 'down'
  spendFen: number
  windowMonths: number
  reason: string
  at: Date
  key: string
}

export const tierChangeModel = modelOf('TierChange', tierChangeSchema)

/** One row per congratulated upgrade (_id = the tier change's id): the first insert wins, so it is sent once. */
const tierCongratulationSchema = new Schema(
  { _id: { type: Schema.Types.ObjectId, required: true }, memberId: { type: Schema.Types.ObjectId, required: true }, at: { type: Date, required: true } },
  { collection: 'tier_congratulations', versionKey: false },
)

export const tierCongratulationModel = modelOf('TierCongratulation', tierCongratulationSchema)

/** Who read which member's record, and what (隐私权保护). */
const memberAccessLogSchema = new Schema(
  {
    staffId: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, required: true, index: true },
    at: { type: Date, required: true },
    what: { type: String, required: true },
  },
  { collection: 'member_access_log', versionKey: false },
)
memberAccessLogSchema.index({ staffId: 1, at: -1 })

export const memberAccessLogModel = modelOf('MemberAccessLog', memberAccessLogSchema)

type MemberUpdate = { $set?: Record<string, unknown>; $unset?: Record<string, 1 | ''> }

/**
 * Every change to a member goes through here. FerretDB v1 runs an update as read, change, write
 * the whole document, so two at once (an opt-out beside a name lookup or a tier recompute) could
 * undo each other — an opt-out lost is a message sent to someone who said no. `transition` puts
 * them one after the other; on MongoDB it costs one insert more. Answers the member as written,
 * or null when there is no such member.
 */
export async function writeMember(db: Connection, id: Types.ObjectId | string, update: MemberUpdate | ((member: MemberDoc) => MemberUpdate)): Promise<MemberDoc | null> {
  return transition<MemberDoc>(db, memberModel(db), id, () => true, (member) => (typeof update === 'function' ? update(member) : update))
}
