/** Staff roles as the API names them (core/staff/roles.ts: plain data, shared rather than copied), with the titles staff know. */
import type { Role } from '../../../core/staff/roles.ts'

export { ROLES, type Role } from '../../../core/staff/roles.ts'

export const ROLE_LABELS: Record<Role, string> = {
  agent: '客服专员',
  supervisor: '客服主任',
  director: '客服总监/院长',
  medical: '医务部主任',
  marketing: '市场/会员专员',
  qa: '质检员',
  admin: '管理员',
}

export const roleLabel = (role: string) => ROLE_LABELS[role as Role] ?? role
