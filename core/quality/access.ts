import type { Role } from '../staff/roles.ts'
import type { StaffPrincipal } from '../staff/service.ts'

/** Who opens the quality figures: agents (their own row and reviews), and those who oversee them. */
export const QUALITY_READERS = ['agent', 'supervisor', 'director', 'qa', 'admin'] as const satisfies readonly Role[]
/** Who scores reviews (质检): the supervisor or the dedicated inspector. */
export const REVIEWERS = ['supervisor', 'qa'] as const satisfies readonly Role[]
/** Who reads what customers ask most. */
export const TOPIC_READERS = ['supervisor', 'director', 'qa', 'admin'] as const satisfies readonly Role[]
/** Who may add a not-understood message to the bot's answers or examples. */
export const TOPIC_EDITORS = ['supervisor', 'admin'] as const satisfies readonly Role[]

const OVERSEERS: readonly Role[] = ['supervisor', 'director', 'qa', 'admin']

/** An agent (without an overseeing role) sees only their own figures and reviews. */
export const seesOnlyOwnFigures = (staff: StaffPrincipal) => !staff.roles.some((role) => OVERSEERS.includes(role))
