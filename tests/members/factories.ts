import { randomBytes } from 'node:crypto'
import { joinAsMember, updateContactDetails } from '../../core/members/service.ts'
import type { MemberView } from '../../core/members/schemas.ts'
import { importVisits } from '../../core/visits/import.ts'
import type { TestApp } from '../helpers/test-app.ts'

const unique = () => randomBytes(4).toString('hex')

/** A member who added the account (tier D), optionally with a phone. */
export async function newMember(app: TestApp, options: { name?: string; clinicCode?: string; phone?: string } = {}): Promise<MemberView> {
  const { member } = await joinAsMember(app.deps, { channel: 'wechaty', externalId: `wx-${unique()}`, name: options.name ?? '张三', clinicCode: options.clinicCode ?? 'BJ01' })
  return options.phone ? updateContactDetails(app.deps, member.id, { phone: options.phone }) : member
}

/** A random mainland mobile number. */
export const newPhone = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`

/** One spending visit for a member, through the real import. */
export async function spend(app: TestApp, memberId: string, amount: number, visitedAt: string, type: 'non_surgical' | 'surgical' = 'surgical') {
  const result = await importVisits(app.deps, [{ externalId: `his-${unique()}`, memberId, clinicCode: 'BJ01', visitedAt, type, amount }])
  if (result.rejected.length) throw new Error(`visit rejected: ${result.rejected[0].error}`)
}
