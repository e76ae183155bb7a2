import type { Types } from 'mongoose'
import { transition } from '../../platform/db/atomic.ts'
import type { Deps } from '../../platform/deps.ts'
import { conversationModel, type ConversationDoc } from '../conversations/model.ts'
import { holdsSurvey } from './dialog-state.ts'
import { openMissingFollowUps } from './followups.ts'
import { invitationModel, nudgeModel, type InvitationDoc } from './model.ts'

/** Takes a closed survey off its chat, so the next message is not read as an answer. */
async function detachSurvey(deps: Pick<Deps, 'db'>, conversationId: Types.ObjectId | null | undefined, invitationId: string) {
  if (!conversationId) return
  const Conversation = conversationModel(deps.db)
  const current = await Conversation.findById(conversationId, { dialog: 1, suspendedDialog: 1 }).lean<ConversationDoc>()
  if (!current || !(holdsSurvey(current.dialog, invitationId) || holdsSurvey(current.suspendedDialog, invitationId))) return
  await transition<ConversationDoc>(
    deps.db,
    Conversation,
    conversationId,
    (c) => holdsSurvey(c.dialog, invitationId) || holdsSurvey(c.suspendedDialog, invitationId),
    (c) => ({ $unset: { ...(holdsSurvey(c.dialog, invitationId) ? { dialog: 1 as const } : {}), ...(holdsSurvey(c.suspendedDialog, invitationId) ? { suspendedDialog: 1 as const } : {}) } }),
  )
}

/**
 * Closes surveys left unfinished for 48 h: `partial` when some questions were answered, `expired`
 * when none were (hourly job `surveys.expire`). Also writes any follow-up whose row a crash left out.
 */
export async function expireSurveys(deps: Pick<Deps, 'db' | 'clock' | 'config'>, now: Date): Promise<{ partial: number; expired: number; followUpsOpened: number }> {
  const Invitation = invitationModel(deps.db)
  const due = await Invitation.find({ status: 'sent', expiresAt: { $lte: now } }, { _id: 1, conversationId: 1 }).lean<InvitationDoc[]>()
  const outcome = { partial: 0, expired: 0, followUpsOpened: 0 }
  for (const { _id, conversationId } of due) {
    const closed = await transition<InvitationDoc>(deps.db, Invitation, _id, (doc) => doc.status === 'sent' && !!doc.expiresAt && doc.expiresAt <= now, (doc) => ({
      $set: { status: doc.answers?.length ? 'partial' : 'expired', finishedAt: now },
    }))
    if (!closed) continue // answered or closed meanwhile
    outcome[closed.status === 'partial' ? 'partial' : 'expired']++
    await detachSurvey(deps, conversationId, String(_id))
    await nudgeModel(deps.db).deleteOne({ _id })
  }
  outcome.followUpsOpened = await openMissingFollowUps(deps)
  return outcome
}
