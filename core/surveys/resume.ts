import type { Deps } from '../../platform/deps.ts'
import { conversationModel, type ConversationDoc } from '../conversations/model.ts'
import { deliverInvitation } from './delivery.ts'
import { holdsSurvey, isLive } from './dialog-state.ts'
import { invitationModel, nudgeModel, type InvitationDoc, type NudgeDoc } from './model.ts'
import { markDelivered } from './invitation-writes.ts'

const BATCH = 500

/**
 * The surveys waiting for their chat: first messages held back while a person or another dialog
 * had the chat, and surveys interrupted by another flow — a complaint hands the chat to a person
 * (which drops the dialog), an appointment form sets the survey aside. Once the chat is back with
 * the bot and free, the survey becomes its dialog again and asks the pending question.
 */
export async function resumeWaitingSurveys(deps: Pick<Deps, 'db' | 'clock'>, now: Date): Promise<{ delivered: number; resumed: number; waiting: number; dropped: number }> {
  const Nudge = nudgeModel(deps.db)
  const outcome = { delivered: 0, resumed: 0, waiting: 0, dropped: 0 }
  for (const nudge of await Nudge.find().sort({ at: 1 }).limit(BATCH).lean<NudgeDoc[]>()) {
    const done = () => Nudge.deleteOne({ _id: nudge._id, at: nudge.at })
    const invitation = await invitationModel(deps.db).findById(nudge._id).lean<InvitationDoc>()
    if (!invitation || invitation.status !== 'sent' || !invitation.conversationId) {
      outcome.dropped++
      await done()
      continue
    }
    const conversation = await conversationModel(deps.db).findById(invitation.conversationId).lean<ConversationDoc>()
    if (!conversation) {
      outcome.dropped++
      await done()
      continue
    }
    // Still the chat's dialog (the other flow answered in one turn, or the pipeline resumed it): nothing to do.
    if (nudge.kind === 'resume' && holdsSurvey(conversation.dialog, String(invitation._id)) && isLive(conversation.dialog, now)) {
      await done()
      continue
    }
    const result = await deliverInvitation(deps, invitation, now, { kind: nudge.kind, nudgedAt: nudge.at })
    if (result === 'busy') {
      outcome.waiting++
      continue
    }
    if (result === 'delivered') {
      outcome[nudge.kind === 'deliver' ? 'delivered' : 'resumed']++
      if (!invitation.deliveredAt) await markDelivered(deps, invitation._id, now)
    } else outcome.dropped++
    await done()
  }
  return outcome
}
