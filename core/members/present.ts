import { maskIdNumber, maskPhone } from '../../platform/privacy.ts'
import type { Role } from '../staff/roles.ts'
import { TIER_NAMES } from './copy.ts'
import type { MemberDoc } from './model.ts'
import type { MemberView } from './schemas.ts'

/** 隐私权保护: agents call patients back, so they see the phone; marketing, directors and medical see it masked. */
export const ROLES_SEEING_FULL_PHONE: readonly Role[] = ['admin', 'supervisor', 'agent']
export const ROLES_SEEING_FULL_ID_NUMBER: readonly Role[] = ['admin']

const iso = (at: Date | null | undefined) => (at ? new Date(at).toISOString() : null)

/** `points` is the ledger balance (see points/service.ts memberBalance). */
export function toMemberView(doc: MemberDoc, points: number): MemberView {
  return {
    id: String(doc._id),
    status: doc.status,
    name: doc.name ?? '',
    phone: doc.phone ?? null,
    birthday: doc.birthday ?? null,
    category: doc.category ?? null,
    clinicCode: doc.clinicCode,
    tier: doc.tier,
    tierName: TIER_NAMES[doc.tier],
    tierChangedAt: iso(doc.tierChangedAt),
    points,
    familyMembers: (doc.familyMembers ?? []).map(({ name, relation, birthday }) => ({ name, relation, birthday: birthday ?? null })),
    tags: doc.tags ?? [],
    notes: doc.notes ?? '',
    optedOut: Boolean(doc.optedOut),
    joinedAt: (doc.joinedAt ?? doc.createdAt).toISOString(), // a pending member (from a visit import) counts from its creation
    joinChannel: doc.joinChannel ?? null,
    joinGreeting: doc.joinGreeting ?? null,
    idNumber: doc.idNumber ?? null,
  }
}

/** What a staff member with these roles may see of a member. */
export function presentMemberForStaff(member: MemberView, roles: readonly Role[]): MemberView {
  const may = (allowed: readonly Role[]) => roles.some((role) => allowed.includes(role))
  return {
    ...member,
    phone: member.phone && !may(ROLES_SEEING_FULL_PHONE) ? maskPhone(member.phone) : member.phone,
    idNumber: member.idNumber && !may(ROLES_SEEING_FULL_ID_NUMBER) ? maskIdNumber(member.idNumber) : member.idNumber,
  }
}
