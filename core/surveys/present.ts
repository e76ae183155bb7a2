import type { z } from 'zod'
import type { FollowUpDoc, InvitationDoc } from './model.ts'
import type { followUpView, invitationView } from './schemas.ts'

export type InvitationView = z.infer<typeof invitationView>
export type FollowUpView = z.infer<typeof followUpView>

const iso = (at: Date | null | undefined) => (at ? new Date(at).toISOString() : null)

export function presentInvitation(doc: InvitationDoc): InvitationView {
  return {
    id: String(doc._id),
    memberId: String(doc.memberId),
    visitId: String(doc.visitId),
    clinicCode: doc.clinicCode,
    visitType: doc.visitType,
    surveyType: doc.surveyType,
    templateVersion: doc.templateVersion,
    // Answered in part and still open reads as partial too, as it will stay if it expires so.
    status: doc.status === 'sent' && doc.answers?.length ? 'partial' : doc.status,
    skipReason: doc.skipReason ?? null,
    sentAt: iso(doc.sentAt),
    expiresAt: iso(doc.expiresAt),
    answers: (doc.answers ?? []).map((a) => ({
      questionId: a.questionId,
      kind: a.kind,
      skipped: a.skipped,
      ...(a.score !== undefined ? { score: a.score } : {}),
      ...(a.choice !== undefined ? { choice: a.choice } : {}),
      ...(a.text !== undefined ? { text: a.text } : {}),
      at: new Date(a.at).toISOString(),
    })),
    score: doc.score ?? null,
    comment: doc.comment ?? null,
  }
}

export function presentFollowUp(doc: FollowUpDoc): FollowUpView {
  return {
    id: String(doc._id),
    invitationId: String(doc.invitationId),
    memberId: String(doc.memberId),
    clinicCode: doc.clinicCode,
    surveyType: doc.surveyType,
    reason: doc.reason,
    reasons: doc.reasons ?? [doc.reason],
    score: doc.score ?? null,
    comment: doc.comment ?? null,
    status: doc.status,
    assignee: doc.assignee ?? null,
    assigneeName: doc.assigneeName ?? null,
    note: doc.note ?? null,
    createdAt: new Date(doc.createdAt).toISOString(),
    doneAt: iso(doc.doneAt),
  }
}
