/** Staff roles as the API names them (core/staff/roles.ts), with the titles staff know. */
export const ROLES = ['agent', 'supervisor', 'director', 'medical', 'marketing', 'qa', 'admin'] as const
export type Role = (typeof ROLES)[number]

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
