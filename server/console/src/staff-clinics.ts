import { api, type Page } from './api.ts'
import type { Clinic } from './types.ts'

/**
 * The clinics the signed-in staff member works for (every clinic for chain-wide staff), for a page's
 * clinic filter; none when they cannot be read, and the page falls back to showing clinic codes.
 */
export async function staffClinics(): Promise<Clinic[]> {
  try {
    const [all, me] = await Promise.all([api.get<Page<Clinic>>('/api/clinics'), api.get<{ clinicCodes: string[] }>('/api/auth/me')])
    return me.clinicCodes.length ? all.items.filter((c) => me.clinicCodes.includes(c.code)) : all.items
  } catch {
    return []
  }
}
