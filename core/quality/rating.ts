/**
 * The customer's rating of a person's help: asked by the bot once when an agent releases a chat
 * (never after an emergency, never to a member who opted out, never twice to one customer in 24
 * hours, never over another question: a dialog or a survey still open on the chat goes first),
 * answered in the chat, stored on the hand-off.
 */
import type { Deps } from '../../platform/deps.ts'
import { transition } from '../../platform/db/atomic.ts'
import { conversationModel, type ConversationDoc } from '../conversations/model.ts'
import { sendToConversation } from '../conversations/outbound.ts'
import { memberModel } from '../members/model.ts'
import { invitationModel } from '../surveys/model.ts'
import { ratingCopy } from './copy.ts'
import { handoffModel, type HandoffDoc } from './model.ts'

/** The rating's dialog as it is saved on the conversation; the bot's dialog (bot/dialogs/rating.ts) reads the answer. */
export const RATING_DIALOG = 'rating'
/** An answer after a day is not taken as a rating. */
export const RATING_DIALOG_MINUTES = 24 * 60
const ASK_AT_MOST_EVERY_MS = 24 * 3600_000

export interface RatingDialogState {
  handoffId: string
}

const openDialog = (dialog: { name?: string | null; expiresAt?: Date | null } | null | undefined, now: Date) => Boolean(dialog?.name && (!dialog.expiresAt || new Date(dialog.expiresAt).getTime() > now.getTime()))

/** Asks the question after a release when the rules allow; answers whether it was asked. */
export async function askForRating(deps: Pick<Deps, 'db' | 'clock'>, conversation: ConversationDoc, handoffId: string): Promise<boolean> {
  const { db } = deps
  const handoff = await handoffModel(db).findById(handoffId).lean<HandoffDoc>()
  if (!handoff || handoff.emergency || handoff.ratingAskedAt || !handoff.claimedAt) return false
  if (conversation.memberId) {
    const member = await memberModel(db).findById(conversation.memberId, { optedOut: 1 }).lean<{ optedOut?: boolean }>()
    if (member?.optedOut) return false
  }
  const now = deps.clock.now()
  // One question at a time: a survey still open on this chat resumes after the release instead.
  if (await invitationModel(db).exists({ conversationId: conversation._id, status: 'sent', expiresAt: { $gt: now } })) return false
  const state: RatingDialogState = { handoffId }
  // One guarded write decides "asked": two releases at once, or a second one within the day, ask nothing more.
  const asked = await transition<ConversationDoc>(db, conversationModel(db), conversation._id, (c) => c.status === 'bot' && !openDialog(c.dialog, now) && !openDialog(c.suspendedDialog, now) && (!c.ratingAskedAt || now.getTime() - c.ratingAskedAt.getTime() >= ASK_AT_MOST_EVERY_MS), () => ({
    $set: { ratingAskedAt: now, dialog: { name: RATING_DIALOG, state, expiresAt: new Date(now.getTime() + RATING_DIALOG_MINUTES * 60_000) } },
  }))
  if (!asked) return false
  await transition<HandoffDoc>(db, handoffModel(db), handoffId, (h) => !h.ratingAskedAt, () => ({ $set: { ratingAskedAt: now } }))
  await sendToConversation(deps, asked, [ratingCopy.question], { keyPrefix: `rating:${handoffId}`, from: 'bot', origin: 'rating' })
  return true
}

/** The customer's answer (1–5), stored once on the hand-off; null when it was answered already. */
export async function recordRating(deps: Pick<Deps, 'db' | 'clock'>, handoffId: string, score: number): Promise<HandoffDoc | null> {
  return transition<HandoffDoc>(deps.db, handoffModel(deps.db), handoffId, (h) => Boolean(h.ratingAskedAt) && !h.rating, () => ({ $set: { rating: score, ratedAt: deps.clock.now() } }))
}

const CHINESE_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5 }

/** "5", "4分", "五星", "3 还行" → the score; anything else → null. */
export function ratingScore(text: string): number | null {
  const match = /^\s*([1-5一二两三四五])\s*(分|星)?(?![0-9])/.exec(text.normalize('NFKC'))
  if (!match) return null
  return CHINESE_DIGITS[match[1]] ?? Number(match[1])
}
