import { api } from './api'
import type { MpClinic } from './views'

/** The chain's clinics for the pickers, the member's home clinic first. */
export async function clinicChoices(homeCode?: string | null): Promise<MpClinic[]> {
  const { items } = await api<{ items: MpClinic[] }>('GET', '/api/mp/clinics')
  return [...items].sort((a, b) => Number(b.code === homeCode) - Number(a.code === homeCode))
}
