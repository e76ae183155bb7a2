import { saveDialog } from '../../core/conversations/service.ts'
import {
  answerSurvey,
  LOW_SCORE,
  nudge,
  questionPrompt,
  surveyCopy,
  surveyProgress,
  SURVEY_DIALOG,
  SURVEY_DIALOG_MINUTES,
  type SurveyDialogState,
} from '../../core/surveys/index.ts'
import type { AnswerInput } from '../../core/surveys/schemas.ts'
import { AppError } from '../../platform/errors.ts'
import type { Intent, NluResult } from '../../core/nlu/intents.ts'
import type { Dialog, DialogContext, DialogTurn } from './dialog.ts'
import { readAnswer } from './survey-answers.ts'

/** The understanding's "clear cases" (bot/nlu: clear cases are at least 0.8). */
const CONFIDENT = 0.8
/** Requests that belong to another flow even in the middle of a survey; the survey waits for them. */
const REQUESTS: Intent[] = ['complaint', 'appointment', 'coupon_query', 'points_query', 'clinic_info', 'report_query', 'human_agent', 'opt_out']
const YES = /^(是|是的|好|好的|可以|要|需要|嗯|嗯嗯|麻烦了|麻烦你了|登记|登记吧|投诉|行|对)[!！。.~～吧啊呀]*$/
const NO = /^(不|不用|不需要|不要|没事|没关系|不了|否)[!！。.~～吧啊呀了]*$/
/** A "yes" long after the complaint offer is not an answer to it. */
const OFFER_VALID_MS = 30 * 60_000

type Turn = DialogTurn<SurveyDialogState>

/** The message goes to its own flow; the survey waits and is picked up again when the chat is free. */
async function passThroughForNow(ctx: DialogContext, state: SurveyDialogState): Promise<Turn> {
  await nudge(ctx.deps, state.invitationId, 'resume', ctx.now)
  const saved = ctx.conversation.dialog
  if (state.reprompts && saved?.expiresAt) await saveDialog(ctx.deps, ctx.conversation._id, { name: SURVEY_DIALOG, state: { ...state, reprompts: 0 }, expiresAt: saved.expiresAt })
  return { replies: [], state, passThrough: true }
}

/**
 * The survey is over: drop it and answer the message as a fresh one. The state is also marked
 * closed in place, because when that message opens another dialog the pipeline sets the chat's
 * dialog aside as it read it (this same state object) and brings it back afterwards.
 */
async function closeAndPassThrough(ctx: DialogContext, state: SurveyDialogState): Promise<Turn> {
  state.phase = 'closed'
  await saveDialog(ctx.deps, ctx.conversation._id, null)
  return { replies: [], state: null, passThrough: true }
}

/**
 * On the open question almost anything is the comment: a complaint is recorded (and filing it is
 * offered at the end), and "停车不太方便" reads as clinic_info to the understanding. Only a clear
 * request of its own (an appointment, coupons, a report) goes elsewhere there.
 */
const REQUESTS_ON_OPEN_QUESTION: Intent[] = ['appointment', 'coupon_query', 'points_query', 'report_query', 'opt_out']
const SURE = 0.9

/** Short words that answer nothing ("没有了", "好的", "嗯", "谢谢"): never a reason to leave the survey. */
const FILLER = /^(没有了?|没了|没|好的?|好吧|好滴|嗯+|恩+|哦+|噢+|喔|ok|okay|谢谢(你|您|啦)?|多谢|感谢|收到|知道了|明白|行|可以|不知道|不清楚|随便|无|在|在吗|啊|哈+|\?+|？+)$/i

export function isFiller(text: string): boolean {
  return FILLER.test(text.trim().replace(/[\s。.!！~～,，、…]+/g, '').replace(/\p{Extended_Pictographic}/gu, ''))
}

/** Words beyond numbers, scores and fillers ("10分" tries a score; "等了太久" says something). */
function saysSomething(text: string): boolean {
  if (isFiller(text)) return false
  return text.replace(/[\d０-９分星颗.。,，!！?？~～、\s]|\p{Extended_Pictographic}/gu, '').length >= 2
}

function isRequestElsewhere(nlu: NluResult, questionKind: string, text: string): boolean {
  if (isFiller(text)) return false
  if (questionKind === 'text') return nlu.confidence >= SURE && REQUESTS_ON_OPEN_QUESTION.includes(nlu.intent)
  return nlu.confidence >= CONFIDENT && REQUESTS.includes(nlu.intent)
}

async function answerComplaintOffer(ctx: DialogContext, state: SurveyDialogState, text: string, nlu: NluResult): Promise<Turn> {
  const fresh = state.offeredAt && ctx.now.getTime() - new Date(state.offeredAt).getTime() < OFFER_VALID_MS
  const reply = text.trim()
  if (fresh && YES.test(reply)) {
    // The customer accepted: from here this message means "complaint", and the pipeline, which
    // answers a passed-through message from this same understanding, takes it to that flow.
    Object.assign(nlu, { intent: 'complaint', confidence: 1 })
    return closeAndPassThrough(ctx, state)
  }
  if (fresh && NO.test(reply)) return { replies: [surveyCopy.complaintDeclined], state: null }
  return closeAndPassThrough(ctx, state)
}

/** The survey changed meanwhile (answered in the mini program, or closed): ask what is still open, if anything. */
async function askWhatIsLeft(ctx: DialogContext, state: SurveyDialogState): Promise<Turn> {
  const progress = await surveyProgress(ctx.deps, state.invitationId)
  if (progress.invitation.status !== 'sent' || !progress.pending) return closeAndPassThrough(ctx, state)
  const prompt = questionPrompt(progress.pending.question, progress.pending.index, progress.template.questions.length)
  return { replies: [prompt], state: { ...state, prompt, reprompts: 0 } }
}

/**
 * The follow-up survey in chat. Started by the daily job (core/surveys/delivery.ts), which sends
 * the intro and the first question and saves this dialog on the conversation; each reply answers
 * the pending question and is stored at once through `answerSurvey` — the same function the mini
 * program will call.
 */
export const surveyDialog: Dialog<SurveyDialogState> = {
  name: SURVEY_DIALOG,
  timeoutMinutes: SURVEY_DIALOG_MINUTES,
  async start() {
    return { replies: [], state: null, passThrough: true } // never opened by an intent, only by its sender
  },
  async resume(ctx, state, text, nlu) {
    if (state.phase === 'closed') return closeAndPassThrough(ctx, state)
    if (state.phase === 'complaint_offer') return answerComplaintOffer(ctx, state, text, nlu)
    const progress = await surveyProgress(ctx.deps, state.invitationId).catch((err) => {
      if (err instanceof AppError && err.status === 404) return null
      throw err
    })
    if (!progress || progress.invitation.status !== 'sent' || !progress.pending) return closeAndPassThrough(ctx, state)
    const { question } = progress.pending

    const read = readAnswer(question, text)
    if (read.kind === 'none' || (read.kind === 'answer' && !read.bare)) {
      if (isRequestElsewhere(nlu, question.kind, text)) return passThroughForNow(ctx, state)
    }
    // What fits no score or option but says something is kept as the question's comment.
    const comment = read.kind === 'none' && saysSomething(text)
    if (read.kind === 'none' && !comment && state.reprompts < 1) {
      return { replies: [surveyCopy.reprompt(question), state.prompt], state: { ...state, reprompts: state.reprompts + 1 } }
    }

    const negative = (nlu.intent === 'complaint' && nlu.confidence >= CONFIDENT) || nlu.angry
    const input: AnswerInput =
      read.kind === 'skip' || (read.kind === 'none' && !comment) // a second reply that fits nothing: the question is skipped, not asked again
        ? { questionId: question.id, skipped: true }
        : read.kind === 'none'
          ? { questionId: question.id, text: text.trim(), negative }
          : { questionId: question.id, score: read.score, choice: read.choice, text: read.bare ? read.text : text.trim(), negative: question.kind === 'text' ? negative : undefined }
    const gaveUp = read.kind === 'none' && !comment
    const outcome = await answerSurvey(ctx.deps, state.invitationId, [input], { source: 'chat' }).catch((err) => {
      if (err instanceof AppError && (err.status === 409 || err.status === 410)) return null // answered in the mini program meanwhile, or closed
      throw err
    })
    if (!outcome) return askWhatIsLeft(ctx, state)

    const problemDescribed = state.problemDescribed || outcome.raised.includes('negative_comment')
    const callBack = outcome.raised.includes('needs_contact') ? [surveyCopy.needsContact] : []
    if (outcome.next) {
      const prompt = questionPrompt(outcome.next.question, outcome.next.index, outcome.next.total)
      const next = gaveUp ? surveyCopy.skippedQuestion(prompt) : surveyCopy.nextQuestion(prompt)
      return { replies: [...callBack, next], state: { ...state, prompt, reprompts: 0, problemDescribed } }
    }
    const lowScore = outcome.invitation.answers.some((a) => a.score !== undefined && a.score <= LOW_SCORE)
    const thanks = lowScore ? `${surveyCopy.lowScore}\n${progress.template.thanks}` : progress.template.thanks
    if (!problemDescribed) return { replies: [...callBack, thanks], state: null }
    return {
      replies: [...callBack, thanks, surveyCopy.complaintOffer],
      state: { ...state, phase: 'complaint_offer', offeredAt: ctx.now.toISOString(), problemDescribed },
    }
  },
  reminder(_ctx, state) {
    return state.phase === 'questions' ? surveyCopy.resume(state.prompt) : surveyCopy.alreadyFinished
  },
}
