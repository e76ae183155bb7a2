import { api } from './api'
import type { MpMember } from './views'

/** The getPhoneNumber button's code → POST /api/mp/phone: the WeChat user becomes (or is linked to) a member. */
export async function bindPhone(code: string): Promise<{ member: MpMember; created: boolean }> {
  return api('POST', '/api/mp/phone', { code })
}

export async function me(): Promise<MpMember | null> {
  return (await api<{ member: MpMember | null }>('GET', '/api/mp/me')).member
}
