/**
 * Who may see and do what with complaint cases.
 * Admins manage accounts, not cases: they have no access to complaints at all (the cases hold
 * health data, and the seed keeps complaint handling with 客服部, 医务部 and the directors).
 * Staff with clinicCodes are limited to those clinics; an empty list means every clinic.
 */
import { forbidden } from '../../platform/errors.ts'
import type { Role } from '../staff/roles.ts'
import type { StaffPrincipal } from '../staff/service.ts'
import type { ActorRef } from './model.ts'

/** Roles that read cases (agents record complaints and read them, but do not run the flow). */
export const CASE_READERS = ['agent', 'supervisor', 'director', 'medical'] as const satisfies readonly Role[]
/** Roles that record a complaint taken by phone or face to face. */
export const CASE_RECORDERS = ['agent', 'supervisor', 'director'] as const satisfies readonly Role[]
/** Roles that see the deadline alerts and the statistics. */
export const CASE_MANAGERS = ['supervisor', 'director'] as const satisfies readonly Role[]
/** Roles that call the patient back (first contact, negotiation): they see the phone number in full. */
const PHONE_ROLES: readonly Role[] = ['supervisor', 'director']

export type Actor =
  | { kind: 'staff'; staff: StaffPrincipal }
  | { kind: 'bot' }
  | { kind: 'customer'; memberId: string | null }
  | { kind: 'system' }

export const botActor: Actor = { kind: 'bot' }

export function staffActor(staff: StaffPrincipal): Actor {
  return { kind: 'staff', staff }
}

/** The audit's "who": for staff, the role they acted in. */
export function actorRef(actor: Actor, role?: Role): ActorRef {
  switch (actor.kind) {
    case 'staff':
      return { id: actor.staff.id, name: actor.staff.name, role: role ?? actor.staff.roles[0] }
    case 'bot':
      return { id: null, name: '客服机器人', role: 'bot' }
    case 'customer':
      return { id: actor.memberId, name: '顾客', role: 'customer' }
    case 'system':
      return { id: null, name: '系统', role: 'system' }
  }
}

export { assertSeesClinic, seesClinic } from '../staff/clinic-scope.ts'

/**
 * A cheap check before looking a number up: a number starts with its clinic's code, so staff of other
 * clinics are refused without learning whether the case exists. The exact check follows on the case.
 */
export function assertMayLookUp(staff: Pick<StaffPrincipal, 'clinicCodes'>, number: string): void {
  if (staff.clinicCodes.length && !staff.clinicCodes.some((code) => number.startsWith(code))) {
    throw forbidden(`Case ${number} is not one of your clinics' (${staff.clinicCodes.join(', ')}).`)
  }
}

export interface Viewer {
  revealPhone: boolean
}

export function viewerOf(actor: Actor): Viewer {
  return { revealPhone: actor.kind === 'staff' && actor.staff.roles.some((role) => PHONE_ROLES.includes(role)) }
}
