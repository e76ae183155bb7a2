import { Types } from 'mongoose'
import { guardedUpdate, transition } from '../../platform/db/atomic.ts'
import type { Deps } from '../../platform/deps.ts'
import { conflict, isDuplicateKeyError, notFound } from '../../platform/errors.ts'
import { publishLiveEvent } from '../../platform/live-events.ts'
import { staffModel, type StaffDoc } from '../staff/model.ts'
import type { StaffPrincipal } from '../staff/service.ts'
import { clinicCondition, seesClinic } from '../staff/clinic-scope.ts'
import { findPage } from '../../platform/db/find-page.ts'
import { followUpModel, invitationModel, type FollowUpDoc, type FollowUpReason, type FollowUpStatus, type InvitationDoc } from './model.ts'
import { presentFollowUp } from './present.ts'
import { clearFollowUpPending } from './invitation-writes.ts'
import { findByKey } from '../../platform/db/keyed-id.ts'
import { notifyStaff, staffOf } from '../notifications/service.ts'
import { surveyNoticeCopy } from './copy.ts'

/** Staff with a clinic list see those clinics only; an empty list means every clinic (as for complaints). */
export { seesClinic }

/** The clinic's supervisor (客服主任): one who works for that clinic, else one who covers every clinic. */
async function supervisorOf(deps: Pick<Deps, 'db'>, clinicCode: string): Promise<{ id: string; name: string } | null> {
  const supervisors = await staffModel(deps.db).find({ roles: 'supervisor', active: true }, { name: 1, username: 1, clinicCodes: 1 }).sort({ username: 1 }).lean<StaffDoc[]>()
  const chosen = supervisors.find((s) => s.clinicCodes.includes(clinicCode)) ?? supervisors.find((s) => s.clinicCodes.length === 0)
  return chosen ? { id: String(chosen._id), name: chosen.name } : null
}

/**
 * Opens the supervisor's follow-up for an invitation, once: the unique invitationId makes a second
 * call (a further low answer, a retry, the sweep) add its reason to the existing one instead.
 */
export async function openFollowUp(deps: Pick<Deps, 'db' | 'clock' | 'config'>, invitation: InvitationDoc, reasons: FollowUpReason[]): Promise<FollowUpDoc> {
  const FollowUp = followUpModel(deps.db)
  const details = { score: invitation.score ?? null, comment: invitation.comment ?? null }
  try {
    const assignee = await supervisorOf(deps, invitation.clinicCode)
    const created = await FollowUp.create({
      _id: invitation._id, // one follow-up per invitation, found by _id
      invitationId: invitation._id,
      memberId: invitation.memberId,
      clinicCode: invitation.clinicCode,
      surveyType: invitation.surveyType,
      planDay: invitation.planDay,
      reason: reasons[0],
      reasons,
      ...details,
      status: 'open',
      assignee: assignee?.id ?? null,
      assigneeName: assignee?.name ?? null,
      createdAt: deps.clock.now(),
    })
    const doc = created.toObject() as FollowUpDoc
    await publishLiveEvent(deps.db, 'survey_followup', { id: String(doc._id), clinicCode: doc.clinicCode, reason: doc.reason, assignee: doc.assignee })
    if (reasons.includes('low_score')) await notifyLowScore(deps, doc)
    return doc
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
    // Reasons and details only grow; the status (open/done) is left to its own transition.
    const existing = (await findByKey<FollowUpDoc>(FollowUp, invitation._id, { invitationId: invitation._id }))!
    return (await guardedUpdate<FollowUpDoc>(deps.db, FollowUp, existing._id, (doc) => ({ $set: { reasons: [...new Set([...(doc.reasons ?? []), ...reasons])], ...details } })))!
  }
}

/** A low score reaches the clinic's supervisors: a patient waits for their call. */
async function notifyLowScore(deps: Pick<Deps, 'db' | 'clock' | 'config'>, doc: FollowUpDoc) {
  const supervisors = await staffOf(deps, ['supervisor'], doc.clinicCode)
  await notifyStaff(deps, { key: `survey-followup:${doc._id}`, kind: 'survey_low_score', clinicCode: doc.clinicCode, link: '/surveys', ...surveyNoticeCopy.lowScore(doc.clinicCode, doc.score ?? null) }, supervisors)
}

/** Follow-ups whose invitation asked for one but whose row was not written (a crash in between). */
export async function openMissingFollowUps(deps: Pick<Deps, 'db' | 'clock' | 'config'>): Promise<number> {
  const Invitation = invitationModel(deps.db)
  const pending = await Invitation.find({ followUpPending: true }).lean<InvitationDoc[]>()
  for (const invitation of pending) {
    await openFollowUp(deps, invitation, [invitation.followUpReason!])
    await clearFollowUpPending(deps, invitation._id)
  }
  return pending.length
}

export async function listFollowUps(
  deps: Pick<Deps, 'db'>,
  staff: Pick<StaffPrincipal, 'clinicCodes'>,
  query: { status?: FollowUpStatus; clinicCode?: string; limit: number; offset: number },
) {
  const filter: Record<string, unknown> = {}
  if (query.status) filter.status = query.status
  const clinicCode = clinicCondition(staff, query.clinicCode)
  if (clinicCode) filter.clinicCode = clinicCode
  const { docs, total } = await findPage<FollowUpDoc>(followUpModel(deps.db), filter, { createdAt: -1, _id: -1 }, query)
  return { items: docs.map(presentFollowUp), total }
}

/** A supervisor records the call back. Another clinic's follow-up answers 404, exactly like a missing one. */
export async function completeFollowUp(deps: Pick<Deps, 'db' | 'clock'>, staff: StaffPrincipal, id: string, note: string) {
  const FollowUp = followUpModel(deps.db)
  const current = Types.ObjectId.isValid(id) ? await FollowUp.findById(id).lean<FollowUpDoc>() : null
  if (!current || !seesClinic(staff, current.clinicCode)) throw notFound('followup_not_found', 'No such follow-up.')
  const done = await transition<FollowUpDoc>(deps.db, FollowUp, current._id, (doc) => doc.status === 'open', () => ({
    $set: { status: 'done', note, doneAt: deps.clock.now(), doneBy: staff.id, doneByName: staff.name },
  }))
  if (!done) throw conflict('followup_already_done', 'This follow-up is already done.')
  return presentFollowUp(done)
}
