/**
 * 投诉回访: a closed case gets a return visit a day after closing. A patient who is not satisfied
 * reopens the case: it goes back to the supervisor at step 7 (negotiate) with a fresh closing deadline.
 */
import type { Deps } from '../../platform/deps.ts'
import { conflict } from '../../platform/errors.ts'
import { actorRef, assertMayLookUp, assertSeesClinic, type Actor } from './access.ts'
import { changeCase, loadCase } from './audit.ts'
import { closeDeadline } from './deadlines.ts'
import { complaintModel, type CaseDoc } from './model.ts'
import { enterStep } from './transitions.ts'

const NEGOTIATE_STEP = 7
const DAY_MS = 24 * 60 * 60 * 1000

export interface ReturnVisitDue {
  number: string
  clinicCode: string
  memberId: string | null
  customerName: string
  closedAt: string
}

/** Closed cases whose closing is at least a day old and whose return visit is not recorded yet. */
export async function returnVisitDue(deps: Pick<Deps, 'db'>, now: Date, scope: { clinicCodes?: string[] } = {}): Promise<ReturnVisitDue[]> {
  const filter: Record<string, unknown> = { status: 'closed', returnVisitPending: true, closedAt: { $lte: new Date(now.getTime() - DAY_MS) } }
  if (scope.clinicCodes?.length) filter.clinicCode = { $in: scope.clinicCodes }
  const docs = await complaintModel(deps.db).find(filter).sort({ closedAt: 1 }).limit(500).lean<CaseDoc[]>()
  return docs.map((doc) => ({
    number: doc.number,
    clinicCode: doc.clinicCode,
    memberId: doc.memberId,
    customerName: doc.customerName,
    closedAt: doc.closedAt!.toISOString(),
  }))
}

/**
 * Records the patient's answer to the return visit. By staff (phone) or by the bot (chat answer:
 * the actor is then the customer). Not satisfied → status reopened, back to step 7.
 */
export async function recordReturnVisit(
  deps: Pick<Deps, 'db' | 'clock'>,
  number: string,
  answer: { satisfied: boolean; note?: string },
  actor: Actor = { kind: 'customer', memberId: null },
): Promise<{ number: string; status: CaseDoc['status']; reopened: boolean }> {
  if (actor.kind === 'staff') {
    assertMayLookUp(actor.staff, number)
    const existing = await loadCase(deps.db, number)
    if (existing) assertSeesClinic(actor.staff, existing.clinicCode)
  }
  const doc = await changeCase(deps, number, (current, now) => {
    if (current.status !== 'closed') throw conflict('case_not_closed', `Case ${number} is not closed; a return visit follows the closing.`)
    if (!current.returnVisitPending) throw conflict('return_visit_recorded', `The return visit for ${number} is already recorded.`)
    const by = actorRef(actor, actor.kind === 'staff' ? actor.staff.roles.find((r) => r !== 'admin') : undefined)
    const note = answer.note?.trim() || null
    const returnVisits = [...current.returnVisits, { round: current.closeRound, at: now, by, satisfied: answer.satisfied, note }]
    if (answer.satisfied) {
      return { action: 'return_visit', step: null, note, by, set: { returnVisits, returnVisitPending: false } }
    }
    return {
      action: 'return_visit',
      step: NEGOTIATE_STEP,
      note,
      by,
      set: {
        returnVisits,
        returnVisitPending: false,
        status: 'reopened',
        // The seed sets no limit for a reopened case; it gets the same 7 / 14 days again, from the reopening.
        closeDueAt: closeDeadline(now, current.region),
        ...enterStep(NEGOTIATE_STEP, now),
      },
    }
  })
  return { number: doc.number, status: doc.status, reopened: doc.status === 'reopened' }
}
