import type { Types } from 'mongoose'
import { faqAnswer } from '../core/quality/faq.ts'
import type { ClinicView } from '../core/clinics/service.ts'
import { listClinics } from '../core/clinics/service.ts'
import { handoffCopy } from '../core/conversations/copy.ts'
import { caseStatusForCustomer } from '../core/complaints/service.ts'
import { caseStatusReply } from '../core/complaints/copy.ts'
import { sendToConversation } from '../core/conversations/outbound.ts'
import { conversationMessageModel, type ConversationDoc, type ConversationMessageDoc } from '../core/conversations/model.ts'
import {
  countMisunderstanding,
  escalate,
  saveDialog,
  setMessageIntent,
  suspendDialog,
  type SavedDialog,
  type EscalationRequest,
} from '../core/conversations/service.ts'
import type { Deps } from '../platform/deps.ts'
import { answerIntent } from './answers.ts'
import type { InboundMessage } from '../core/channels/channel.ts'
import { botCopy } from './copy.ts'
import { CANCEL_WORDS, formCopy } from './dialogs/copy.ts'
import type { Dialog, DialogContext } from './dialogs/dialog.ts'
import { dialogFor, dialogForIntent, dialogsByName } from './dialogs/registry.ts'
import { parseLocal, type Nlu } from './nlu/index.ts'
import { staffedHoursStatus } from './staffed-hours.ts'

const NOT_UNDERSTOOD_BELOW = 0.2

export interface PipelineDeps {
  deps: Deps
  nlu: Nlu
  /** The clinic a channel account belongs to when the customer's own clinic is unknown. */
  defaultClinicCode: string
}

export interface Reply {
  texts: string[]
  intent?: string
  /** False for a message the bot did not understand (the figures of core/quality/topics.ts). */
  understood?: boolean
  escalate?: EscalationRequest
}

/**
 * One message's turn. Whatever throws inside it, the customer hears a short apology and the chat
 * goes to a person (reason `bot_error`); only when even that fails does the error leave the turn,
 * and the message stays queued.
 */
export async function answerMessage(p: PipelineDeps, conversation: ConversationDoc, messageId: Types.ObjectId): Promise<'handled' | 'failed'> {
  const { deps } = p
  const message = await conversationMessageModel(deps.db).findById(messageId).lean<ConversationMessageDoc>()
  if (!message || message.handling !== 'pending') return message?.handling === 'failed' ? 'failed' : 'handled' // answered before a crash
  const clinics = await listClinics(deps.db)
  const clinic = clinics.find((c) => c.code === (conversation.clinicCode ?? p.defaultClinicCode)) ?? clinics[0]
  const ctx: DialogContext = {
    deps,
    conversation,
    memberId: conversation.memberId ? String(conversation.memberId) : null,
    clinic,
    clinics,
    now: deps.clock.now(),
    inboundMessageId: String(message._id),
  }
  try {
    const reply = await replyFor(p, ctx, { type: message.type as InboundMessage['type'], text: message.text ?? '' })
    if (reply) await deliverReply(ctx, message._id, reply)
    return 'handled'
  } catch (err) {
    deps.log.error({ err, conversationId: String(conversation._id), messageId: String(message._id) }, 'bot turn failed: apologising and handing the chat to a person')
    await deliverReply(ctx, message._id, { texts: [botCopy.turnFailed], escalate: { reason: 'bot_error', priority: 3 } }, 'apology')
    return 'failed'
  }
}

/** The bot's answer, or null while a person holds or is about to take the chat (it stays silent, except for an emergency). */
async function replyFor(p: PipelineDeps, ctx: DialogContext, inbound: Pick<InboundMessage, 'type' | 'text'>): Promise<Reply | null> {
  const { status } = ctx.conversation
  if (status !== 'agent' && status !== 'escalated') return decideReply(p, ctx, inbound)
  // Rules only here: a person reads every line anyway, and the local model's emergency recall is what is measured.
  if (inbound.type !== 'text' || parseLocal(inbound.text, { now: ctx.now }).intent !== 'emergency') return null
  return emergencyReply(ctx)
}

async function deliverReply(ctx: DialogContext, messageId: Types.ObjectId, reply: Reply, kind: 'reply' | 'apology' = 'reply') {
  const { deps, conversation } = ctx
  if (reply.intent) await setMessageIntent(deps, messageId, reply.intent, reply.understood !== false)
  if (reply.escalate) {
    const queued = await escalate(deps, conversation._id, reply.escalate)
    const hours = staffedHoursStatus(deps.config.STAFFED_HOURS, ctx.now)
    if (queued) reply.texts.push(hours.open ? handoffCopy.queued : handoffCopy.queuedOutsideHours(hours.opensAt))
  }
  // One message per turn: fewer sends against the account's rate, and the customer reads it at once.
  if (reply.texts.length) {
    await sendToConversation(deps, conversation, [reply.texts.join('\n\n')], { keyPrefix: `${kind}:${messageId}`, from: 'bot', origin: 'reply', intent: reply.intent })
  }
}

async function emergencyReply(ctx: DialogContext): Promise<Reply> {
  if (ctx.conversation.dialog?.name) await saveDialog(ctx.deps, ctx.conversation._id, null)
  return { texts: [botCopy.emergency(ctx.clinic)], intent: 'emergency', escalate: { reason: 'emergency', priority: 0 } }
}

async function decideReply(p: PipelineDeps, ctx: DialogContext, inbound: Pick<InboundMessage, 'type' | 'text'>): Promise<Reply> {
  const { deps } = p
  if (inbound.type !== 'text') {
    const text = botCopy.nonText[inbound.type as keyof typeof botCopy.nonText] ?? botCopy.nonText.other
    return inbound.type === 'sticker' ? { texts: [text] } : { texts: [text], escalate: { reason: `media_${inbound.type}`, priority: 6 } }
  }

  const parsed = await p.nlu.parse(inbound.text, { now: ctx.now, clinics: ctx.clinics.map((c) => ({ code: c.code, name: c.name, aliases: [c.shortName] })) })
  // Below this the model is guessing (gibberish lands anywhere, even on emergency; real emergencies
  // score ≥ 0.68 on the development set): answer as not understood.
  const nlu = parsed.confidence < NOT_UNDERSTOOD_BELOW ? { ...parsed, intent: 'other' as const } : parsed
  // An emergency interrupts anything, including a dialog in progress.
  if (nlu.intent === 'emergency') return emergencyReply(ctx)

  const active = activeDialog(ctx)
  if (active) {
    if (CANCEL_WORDS.test(inbound.text.trim())) {
      const reminder = await persistTurn(ctx, active.dialog, null)
      return { texts: [formCopy.cancelled, ...reminder], intent: nlu.intent }
    }
    if (nlu.intent === 'human_agent' && nlu.confidence >= 0.8) {
      return { texts: [], intent: 'human_agent', escalate: { reason: 'customer_asked', priority: 4 } }
    }
    const turn = await active.dialog.resume(ctx, active.state, inbound.text, nlu)
    if (!turn.passThrough) {
      const reminder = await persistTurn(ctx, active.dialog, turn.state)
      return { texts: [...turn.replies, ...reminder], intent: `${active.dialog.name}_dialog`, escalate: turn.escalate }
    }
  } else if (ctx.conversation.dialog?.name) {
    await saveDialog(deps, ctx.conversation._id, null) // timed out: start afresh
  }

  // A question supervisors answered from 热点问题: their answer, as understood.
  if (nlu.intent === 'other' && !nlu.offTopic && !nlu.angry) {
    const answer = await faqAnswer(deps, inbound.text)
    if (answer) return { texts: [answer], intent: 'other', understood: true }
  }
  // Small talk answered with the menu was understood: it does not push the customer to a person.
  const understood = nlu.intent !== 'other' || nlu.offTopic === true
  const misunderstandings = await countMisunderstanding(deps, ctx.conversation._id, understood)
  if (!understood && misunderstandings >= 2) {
    return { texts: [botCopy.tooManyMisunderstandings], intent: 'other', understood: false, escalate: { reason: 'not_understood', priority: 5 } }
  }
  if (nlu.slots.caseNumber && !active) {
    return { texts: [await caseStatusAnswer(ctx, nlu.slots.caseNumber)], intent: 'complaint_status' }
  }
  // An angry customer is heard out as a complaint (seed 003: listen first), whatever they asked.
  const dialog = nlu.angry ? dialogForIntent.complaint : dialogFor(nlu.intent, inbound.text)
  if (dialog && dialog.name !== active?.dialog.name) {
    if (active) await suspendDialog(deps, ctx.conversation._id, ctx.conversation.dialog as SavedDialog) // it waits for this one
    const turn = await dialog.start(ctx, inbound.text, nlu)
    const reminder = await persistTurn(ctx, dialog, turn.state)
    return { texts: [...turn.replies, ...reminder], intent: nlu.intent, escalate: turn.escalate }
  }
  return { ...(await answerIntent(ctx, nlu, inbound.text)), intent: nlu.intent, understood }
}

async function caseStatusAnswer(ctx: DialogContext, number: string): Promise<string> {
  // A customer sees only their own case; anyone else's number answers as unknown.
  const status = ctx.memberId ? await caseStatusForCustomer(ctx.deps, number, ctx.memberId) : null
  return status ? caseStatusReply(status) : botCopy.caseNotFound(number)
}

function activeDialog(ctx: DialogContext): { dialog: Dialog; state: unknown } | null {
  const saved = ctx.conversation.dialog
  if (!saved?.name) return null
  const dialog = dialogsByName[saved.name]
  if (!dialog || !saved.expiresAt || saved.expiresAt < ctx.now) return null
  return { dialog, state: saved.state }
}

/** Saves the dialog's state; when it is over, picks up a dialog it had interrupted and answers its reminder. */
async function persistTurn(ctx: DialogContext, dialog: Dialog, state: unknown): Promise<string[]> {
  const expiresAt = new Date(ctx.now.getTime() + dialog.timeoutMinutes * 60_000)
  if (state !== null) {
    await saveDialog(ctx.deps, ctx.conversation._id, { name: dialog.name, state, expiresAt })
    return []
  }
  const waiting = ctx.conversation.suspendedDialog
  const resumed = waiting?.name && waiting.expiresAt && waiting.expiresAt > ctx.now ? dialogsByName[waiting.name] : undefined
  await suspendDialog(ctx.deps, ctx.conversation._id, null)
  if (!resumed) {
    await saveDialog(ctx.deps, ctx.conversation._id, null)
    return []
  }
  await saveDialog(ctx.deps, ctx.conversation._id, { name: resumed.name, state: waiting!.state, expiresAt: new Date(ctx.now.getTime() + resumed.timeoutMinutes * 60_000) })
  return resumed.reminder ? [resumed.reminder(ctx, waiting!.state)] : []
}

export type { ConversationDoc, ClinicView }
