export const ROLES = ['agent', 'supervisor', 'director', 'medical', 'marketing', 'admin'] as const
export type Role = (typeof ROLES)[number]
