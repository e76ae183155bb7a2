import { computed, reactive } from 'vue'
import type { Role } from './roles.ts'

export interface StaffSession {
  token: string
  expiresAt: string | null
  staff: { id: string; name: string; username?: string; roles: Role[] }
}

const KEY = 'caredesk.session'

function load(): StaffSession | null {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as StaffSession | null
    if (!saved?.token) return null
    if (saved.expiresAt && Date.parse(saved.expiresAt) <= Date.now()) return null
    return saved
  } catch {
    return null
  }
}

/** The logged-in staff member, kept in localStorage so a reload stays logged in. */
export const session = reactive<{ current: StaffSession | null }>({ current: load() })

export const isLoggedIn = computed(() => session.current !== null)

export function setSession(value: StaffSession | null) {
  session.current = value
  if (value) localStorage.setItem(KEY, JSON.stringify(value))
  else localStorage.removeItem(KEY)
}

export function token(): string | null {
  return session.current?.token ?? null
}

export function hasAnyRole(roles: readonly Role[]): boolean {
  const mine = session.current?.staff.roles ?? []
  return mine.some((role) => roles.includes(role))
}
