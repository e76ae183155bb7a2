/** Staff with clinicCodes are limited to those clinics; an empty list means every clinic. */
import { forbidden } from '../../platform/errors.ts'
import type { StaffPrincipal } from './service.ts'

type Scoped = Pick<StaffPrincipal, 'clinicCodes'>

export function seesClinic(staff: Scoped, clinicCode: string): boolean {
  return staff.clinicCodes.length === 0 || staff.clinicCodes.includes(clinicCode)
}

export function assertSeesClinic(staff: Scoped, clinicCode: string): void {
  if (!seesClinic(staff, clinicCode)) throw forbidden(`You work for ${staff.clinicCodes.join(', ')}, not ${clinicCode}.`)
}

/** The clinics a list may cover: the one asked for (if the staff member sees it), else all of theirs (null: every clinic). */
export function clinicScope(staff: Scoped, clinicCode?: string): string[] | null {
  if (clinicCode) {
    assertSeesClinic(staff, clinicCode)
    return [clinicCode]
  }
  return staff.clinicCodes.length ? staff.clinicCodes : null
}

/** A list's condition on clinicCode: the clinic asked for if the staff member sees it (else nothing matches), else theirs; undefined: every clinic. */
export function clinicCondition(staff: Scoped, clinicCode?: string): string | { $in: string[] } | undefined {
  if (clinicCode) return seesClinic(staff, clinicCode) ? clinicCode : { $in: [] }
  return staff.clinicCodes.length ? { $in: staff.clinicCodes } : undefined
}
