/** `qa`: the quality inspector (质检员) who scores reviews of handled chats (core/quality). */
export const ROLES = ['agent', 'supervisor', 'director', 'medical', 'marketing', 'qa', 'admin'] as const
export type Role = (typeof ROLES)[number]
