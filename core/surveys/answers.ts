import { Types } from 'mongoose'
import { transition } from '../../platform/db/atomic.ts'
import type { Deps } from '../../platform/deps.ts'
import { conflict, gone, notFound, ruleNotMet } from '../../platform/errors.ts'
import { openFollowUp } from './followups.ts'
import { invitationModel, type FollowUpReason, type InvitationDoc, type Question, type StoredAnswer, type TemplateDoc } from './model.ts'
import { presentInvitation, type InvitationView } from './present.ts'
import type { AnswerInput } from './schemas.ts'
import { isProblemComment, NO_COMMENT } from './sentiment.ts'
import { templateVersion } from './templates.ts'
import { clearFollowUpPending } from './invitation-writes.ts'

/** A score this low calls for a supervisor's call back. */
export const LOW_SCORE = 2

export interface SurveyProgress {
  invitation: InvitationDoc
  template: TemplateDoc
  /** The first question not answered yet, in the template's order; null when all are. */
  pending: { question: Question; index: number } | null
}

export function pendingQuestion(template: TemplateDoc, answers: readonly StoredAnswer[]): SurveyProgress['pending'] {
  const done = new Set(answers.map((a) => a.questionId))
  const index = template.questions.findIndex((q) => !done.has(q.id))
  return index < 0 ? null : { question: template.questions[index], index }
}

async function loadInvitation(deps: Pick<Deps, 'db'>, invitationId: string | Types.ObjectId): Promise<InvitationDoc> {
  const doc = Types.ObjectId.isValid(String(invitationId)) ? await invitationModel(deps.db).findById(invitationId).lean<InvitationDoc>() : null
  if (!doc || doc.status === 'skipped') throw notFound('survey_invitation_not_found', 'No such survey invitation.')
  return doc
}

export async function surveyProgress(deps: Pick<Deps, 'db'>, invitationId: string | Types.ObjectId): Promise<SurveyProgress> {
  const invitation = await loadInvitation(deps, invitationId)
  const template = await templateVersion(deps.db, invitation.surveyType, invitation.templateVersion)
  return { invitation, template, pending: pendingQuestion(template, invitation.answers ?? []) }
}

function toStoredAnswer(question: Question, input: AnswerInput, at: Date, source: StoredAnswer['source']): StoredAnswer {
  const base = { questionId: question.id, kind: question.kind, source, at }
  if (input.skipped) return { ...base, skipped: true }
  const text = input.text?.trim()
  // What a patient writes instead of (or beside) a score or a choice is that question's comment.
  const comment = text && !NO_COMMENT.test(text) ? { text: text.slice(0, 500), negative: Boolean(input.negative) || isProblemComment(text) } : {}
  switch (question.kind) {
    case 'score':
      if (input.score === undefined && comment.text) return { ...base, skipped: false, ...comment }
      if (!Number.isInteger(input.score) || input.score! < 1 || input.score! > 5) throw ruleNotMet('invalid_answer', `Question ${question.id} takes a score from 1 to 5 (or a comment).`)
      return { ...base, skipped: false, score: input.score, ...comment }
    case 'choice':
      if (input.choice === undefined && comment.text) return { ...base, skipped: false, ...comment }
      if (!question.options?.some((o) => o.id === input.choice)) throw ruleNotMet('invalid_answer', `Question ${question.id} takes one of its option ids (or a comment).`)
      return { ...base, skipped: false, choice: input.choice, ...comment }
    case 'text': {
      if (!text) throw ruleNotMet('invalid_answer', `Question ${question.id} takes a text.`)
      if (!comment.text) return { ...base, skipped: true } // "没有" is no comment, not a problem
      return { ...base, skipped: false, ...comment }
    }
  }
}

/** Why these answers call for a call back, in order of weight. */
function followUpReasons(template: TemplateDoc, answers: readonly StoredAnswer[]): FollowUpReason[] {
  const reasons = new Set<FollowUpReason>()
  for (const a of answers) {
    if (a.score !== undefined && a.score <= LOW_SCORE) reasons.add('low_score')
    const option = template.questions.find((q) => q.id === a.questionId)?.options?.find((o) => o.id === a.choice)
    if (option?.followUp) reasons.add('needs_contact')
    if (a.negative) reasons.add('negative_comment')
  }
  return ['low_score', 'needs_contact', 'negative_comment'].filter((r) => reasons.has(r as FollowUpReason)) as FollowUpReason[]
}

export interface AnswerOutcome {
  invitation: InvitationView
  /** The next question to ask, in the template's order; null when the survey is complete. */
  next: { question: Question; index: number; total: number } | null
  complete: boolean
  /** What these answers brought up: a low score, a request to be called, a described problem. */
  raised: FollowUpReason[]
  followUpId: string | null
}

/**
 * Records answers to an open survey, each as it arrives (the chat sends one at a time, the mini
 * program may send several). Every change goes through `transition`, so the chat and the mini
 * program answering at once cannot both record the same question. The survey is `answered` when
 * every question has an answer or was skipped; a low score, a "please call me" option or a comment
 * describing a problem opens the supervisor's follow-up (one per invitation).
 */
export async function answerSurvey(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  invitationId: string,
  answers: readonly AnswerInput[],
  options: { source?: StoredAnswer['source'] } = {},
): Promise<AnswerOutcome> {
  const { invitation, template } = await surveyProgress(deps, invitationId)
  if (invitation.status === 'answered') throw conflict('survey_already_answered', 'This survey has been answered already.')
  if (invitation.status !== 'sent') throw gone('survey_closed', 'This survey has closed.')
  if (!answers.length) throw ruleNotMet('no_answers', 'Give at least one answer.')
  const now = deps.clock.now()
  const ids = new Set<string>()
  const stored = answers.map((input) => {
    const question = template.questions.find((q) => q.id === input.questionId)
    if (!question) throw ruleNotMet('unknown_question', `This survey has no question ${input.questionId}.`)
    if (ids.has(question.id)) throw ruleNotMet('duplicate_answer', `Question ${question.id} is answered twice.`)
    ids.add(question.id)
    return toStoredAnswer(question, input, now, options.source ?? 'miniprogram')
  })
  const raised = followUpReasons(template, stored)
  const firstScoreId = template.questions.find((q) => q.kind === 'score')?.id

  const updated = await transition<InvitationDoc>(
    deps.db,
    invitationModel(deps.db),
    invitation._id,
    (doc) => doc.status === 'sent' && !(doc.answers ?? []).some((a) => ids.has(a.questionId)),
    (doc) => {
      const all = [...(doc.answers ?? []), ...stored]
      const complete = pendingQuestion(template, all) === null
      const overall = all.find((a) => a.questionId === firstScoreId)
      const comments = all.filter((a) => a.text).map((a) => a.text)
      const followUpReason = doc.followUpReason ?? raised[0] ?? null
      return {
        $set: {
          answers: all,
          responded: all.some((a) => !a.skipped),
          score: overall?.score ?? null,
          comment: comments.length ? comments.join('\n') : null,
          followUpReason,
          ...(raised.length ? { followUpPending: true } : {}),
          ...(complete ? { status: 'answered', finishedAt: now } : {}),
        },
      }
    },
  )
  if (!updated) {
    const fresh = await loadInvitation(deps, invitation._id)
    if (fresh.status === 'answered') throw conflict('survey_already_answered', 'This survey has been answered already.')
    if (fresh.status !== 'sent') throw gone('survey_closed', 'This survey has closed.')
    throw conflict('question_already_answered', 'One of these questions has been answered already.')
  }

  let followUpId: string | null = null
  if (raised.length) {
    followUpId = String((await openFollowUp(deps, updated, raised))._id)
    await clearFollowUpPending(deps, updated._id)
  }
  const pending = pendingQuestion(template, updated.answers ?? [])
  return {
    invitation: presentInvitation(updated),
    next: pending && { ...pending, total: template.questions.length },
    complete: updated.status === 'answered',
    raised,
    followUpId,
  }
}
