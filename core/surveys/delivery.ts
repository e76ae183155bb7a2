import type { Types } from 'mongoose'
import { businessDay } from '../../platform/clock.ts'
import { transition } from '../../platform/db/atomic.ts'
import type { Deps } from '../../platform/deps.ts'
import { isDuplicateKeyError } from '../../platform/errors.ts'
import { enqueueMessage } from '../../platform/outbox/outbox.ts'
import { clinicModel } from '../clinics/model.ts'
import { conversationModel, type ConversationDoc } from '../conversations/model.ts'
import { recordOutbound } from '../conversations/service.ts'
import { pendingQuestion } from './answers.ts'
import { fillIntro, questionPrompt, surveyCopy, visitDateLabel } from './copy.ts'
import { holdsSurvey, isLive, newSurveyState, SURVEY_DIALOG, type SurveyDialogState } from './dialog-state.ts'
import { invitationModel, nudgeModel, type InvitationDoc, type NudgeKind } from './model.ts'
import { templateVersion } from './templates.ts'
import { markDelivered } from './invitation-writes.ts'

/** Surveys queue behind conversation replies (0) but before bulk marketing (9). */
const SURVEY_PRIORITY = 6
const DELIVERY_CONCURRENCY = 8

export type DeliveryResult = 'delivered' | 'busy' | 'closed'

/** Queues one survey text to the conversation under an exact key, and records it in the chat history. */
async function sendSurveyText(deps: Pick<Deps, 'db' | 'clock'>, conversation: ConversationDoc, key: string, text: string) {
  await recordOutbound(deps, conversation._id, { from: 'bot', text, outboxKey: key, intent: 'survey' })
  await enqueueMessage(deps.db, {
    key,
    channel: conversation.channel,
    account: conversation.account,
    recipient: conversation.externalId,
    text,
    origin: 'survey',
    priority: SURVEY_PRIORITY,
    conversationId: conversation._id,
    memberId: conversation.memberId ?? undefined,
  })
}

/**
 * Makes the survey the chat's dialog, unless the chat is busy: a person holds it or another dialog
 * is under way (that one is never clobbered). A survey the pipeline had set aside is taken back.
 * Already the chat's dialog (a rerun, a second instance) counts as attached, without writing again.
 */
async function attachSurvey(deps: Pick<Deps, 'db'>, invitation: InvitationDoc, state: SurveyDialogState, now: Date): Promise<ConversationDoc | null> {
  const id = String(invitation._id)
  const Conversation = conversationModel(deps.db)
  const attached = await transition<ConversationDoc>(
    deps.db,
    Conversation,
    invitation.conversationId,
    (c) => c.status === 'bot' && !isLive(c.dialog, now),
    (c) => ({
      $set: { dialog: { name: SURVEY_DIALOG, state, expiresAt: invitation.expiresAt } },
      ...(holdsSurvey(c.suspendedDialog, id) ? { $unset: { suspendedDialog: 1 as const } } : {}),
    }),
  )
  if (attached) return attached
  const current = await Conversation.findById(invitation.conversationId).lean<ConversationDoc>()
  return current?.status === 'bot' && holdsSurvey(current.dialog, id) && isLive(current.dialog, now) ? current : null
}

/** The state to continue with: what the chat already knew of this survey (a described problem), on the pending question. */
function stateFor(conversation: ConversationDoc | null, invitationId: string, prompt: string): SurveyDialogState {
  const known = [conversation?.dialog, conversation?.suspendedDialog].find((slot) => holdsSurvey(slot, invitationId))?.state as SurveyDialogState | undefined
  return { ...newSurveyState(invitationId, prompt), problemDescribed: known?.problemDescribed ?? false }
}

/**
 * Sends an invitation's intro and first question (`kind: 'deliver'`), or picks an interrupted survey
 * up again with the pending question (`kind: 'resume'`). Every step is keyed or repeatable: the
 * outbox key `survey:<id>:q0` (or `…:resume:<nudge time>`) sends once however often this runs.
 */
export async function deliverInvitation(
  deps: Pick<Deps, 'db' | 'clock'>,
  invitation: InvitationDoc,
  now: Date,
  how: { kind: NudgeKind; nudgedAt?: Date } = { kind: 'deliver' },
): Promise<DeliveryResult> {
  if (invitation.status !== 'sent' || !invitation.conversationId) return 'closed'
  const template = await templateVersion(deps.db, invitation.surveyType, invitation.templateVersion)
  const pending = pendingQuestion(template, invitation.answers ?? [])
  if (!pending) return 'closed'
  const id = String(invitation._id)
  const prompt = questionPrompt(pending.question, pending.index, template.questions.length)
  const before = await conversationModel(deps.db).findById(invitation.conversationId).lean<ConversationDoc>()
  const conversation = await attachSurvey(deps, invitation, stateFor(before, id, prompt), now)
  if (!conversation) return 'busy'
  if (how.kind === 'deliver' && !invitation.answers?.length) {
    const clinic = await clinicModel(deps.db).findOne({ code: invitation.clinicCode }, { name: 1 }).lean<{ name: string }>()
    const intro = fillIntro(template.intro, { clinic: clinic?.name ?? '', date: visitDateLabel(invitation.visitDay, businessDay(invitation.sentAt ?? now)) })
    await sendSurveyText(deps, conversation, `survey:${id}:q0`, surveyCopy.firstMessage(intro, prompt))
  } else {
    await sendSurveyText(deps, conversation, `survey:${id}:resume:${(how.nudgedAt ?? now).getTime()}`, surveyCopy.resume(prompt))
  }
  return 'delivered'
}

/** Asks the resume job to deliver or pick up this survey later; one nudge per invitation at a time. */
export async function nudge(deps: Pick<Deps, 'db'>, invitationId: Types.ObjectId | string, kind: NudgeKind, at: Date): Promise<void> {
  try {
    await nudgeModel(deps.db).create({ _id: invitationId, kind, at })
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err // already waiting: the earlier nudge covers it
  }
}

/**
 * Delivers the day's sent invitations not delivered yet: those planned just now, and any a crashed
 * run left behind. Busy chats get a nudge for the resume job. Each delivered invitation is marked by
 * `_id` through the guarded path, so the mark never undoes an answer recorded meanwhile.
 */
export async function deliverPlanned(deps: Pick<Deps, 'db' | 'clock'>, now: Date): Promise<{ delivered: number; waiting: number }> {
  const Invitation = invitationModel(deps.db)
  const due = await Invitation.find({ planDay: businessDay(now), status: 'sent', deliveredAt: null }).lean<InvitationDoc[]>()
  let delivered = 0
  let waiting = 0
  for (let i = 0; i < due.length; i += 500) {
    const chunk = due.slice(i, i + 500)
    const done: Types.ObjectId[] = []
    for (let j = 0; j < chunk.length; j += DELIVERY_CONCURRENCY) {
      await Promise.all(
        chunk.slice(j, j + DELIVERY_CONCURRENCY).map(async (invitation) => {
          const result = await deliverInvitation(deps, invitation, now)
          if (result === 'delivered') done.push(invitation._id)
          if (result === 'busy') {
            waiting++
            await nudge(deps, invitation._id, 'deliver', now)
          }
        }),
      )
    }
    for (const id of done) await markDelivered(deps, id, now)
    delivered += done.length
  }
  return { delivered, waiting }
}
