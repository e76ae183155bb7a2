import { describe, expect, it } from 'vitest'
import { answerSurvey } from '../../core/surveys/answers.ts'
import { followUpModel } from '../../core/surveys/model.ts'
import type { VisitType } from '../../core/visits/model.ts'
import { fixedClock } from '../../platform/clock.ts'
import { useStaffTokens, useTestApp } from '../helpers/test-app.ts'
import { at, invitationsOf, memberWithChat, runJob, visit } from './factories.ts'

const TUESDAY_10 = at('2026-11-24 10:00')

describe('follow-ups after low scores and answering rules', () => {
  const surveyed: Array<{ memberId: string; clinicCode: string; type: VisitType }> = []

  /** An open survey for a new member, from a visit yesterday at the given clinic. */
  async function openSurvey(type: VisitType, clinicCode = 'BJ01') {
    const { memberId } = await memberWithChat(suite.app, { clinicCode })
    await visit(suite.app, memberId, type, '2026-11-23 10:00', clinicCode)
    surveyed.push({ memberId, clinicCode, type })
    await runJob(suite.app, 'surveys.invite', TUESDAY_10)
    const [invitation] = await invitationsOf(suite.app, memberId)
    expect(invitation.status).toBe('sent')
    return String(invitation._id)
  }

  const suite = useTestApp({ clock: fixedClock(TUESDAY_10) })
  const tokens = useStaffTokens(() => suite.app, { bj02Supervisor: { roles: ['supervisor'], clinicCodes: ['BJ02'] }, bj01Supervisor: { roles: ['supervisor'], clinicCodes: ['BJ01'] } })

  it('a low score opens one follow-up for the clinic’s supervisor, however many low answers follow', async () => {
    const id = await openSurvey('non_surgical')
    const first = await answerSurvey(suite.app.deps, id, [{ questionId: 'q1', score: 1 }], { source: 'chat' })
    expect(first.raised).toEqual(['low_score'])
    const second = await answerSurvey(suite.app.deps, id, [{ questionId: 'q2', score: 2 }], { source: 'chat' })
    expect(second.followUpId).toBe(first.followUpId)
    const rows = await followUpModel(suite.app.deps.db).find({ invitationId: id }).lean()
    expect(rows).toHaveLength(1)
    const list = await suite.app.request('GET', '/api/surveys/followups?status=open', { token: tokens.bj01Supervisor })
    expect(list.body.items.find((f: { invitationId: string }) => f.invitationId === id)).toMatchObject({ clinicCode: 'BJ01', reason: 'low_score', score: 1, status: 'open', assigneeName: '测试员工' })
    expect(String(rows[0].assignee)).not.toBe('')
  })

  it('choosing "please have the doctor call me" opens a follow-up without a low score', async () => {
    const id = await openSurvey('surgical')
    const outcome = await answerSurvey(suite.app.deps, id, [{ questionId: 'q1', score: 5 }, { questionId: 'q3', choice: 'o3' }])
    expect(outcome.raised).toEqual(['needs_contact'])
    expect(await followUpModel(suite.app.deps.db).findOne({ invitationId: id }).lean()).toMatchObject({ reason: 'needs_contact', score: 5 })
  })

  it('a good score with a kind comment opens nothing', async () => {
    const id = await openSurvey('no_spend')
    const outcome = await answerSurvey(suite.app.deps, id, [{ questionId: 'q1', score: 5 }, { questionId: 'q4', text: '医生讲得很清楚，没有什么不适' }])
    expect(outcome.raised).toEqual([])
    expect(await followUpModel(suite.app.deps.db).exists({ invitationId: id })).toBeNull()
  })

  it('supervisors see and close their own clinics’ follow-ups; another clinic’s answers as unknown; done twice is a conflict', async () => {
    const id = await openSurvey('non_surgical', 'BJ02')
    const { followUpId } = await answerSurvey(suite.app.deps, id, [{ questionId: 'q4', text: '收费太贵了，还一直推销' }])
    const theirs = await suite.app.request('GET', '/api/surveys/followups?clinicCode=BJ02', { token: tokens.bj02Supervisor })
    expect(theirs.body.items.map((f: { id: string }) => f.id)).toEqual([followUpId])
    expect(theirs.body.items[0]).toMatchObject({ reason: 'negative_comment', comment: '收费太贵了，还一直推销' })
    const notMine = await suite.app.request('GET', '/api/surveys/followups', { token: tokens.bj01Supervisor })
    expect(notMine.body.items.some((f: { clinicCode: string }) => f.clinicCode === 'BJ02')).toBe(false)

    expect((await suite.app.request('POST', `/api/surveys/followups/${followUpId}/done`, { token: tokens.bj01Supervisor, body: { note: '已致电' } })).status).toBe(404)
    const done = await suite.app.request('POST', `/api/surveys/followups/${followUpId}/done`, { token: tokens.bj02Supervisor, body: { note: '已致电顾客，说明收费标准并致歉' } })
    expect(done.status).toBe(200)
    expect(done.body).toMatchObject({ status: 'done', note: '已致电顾客，说明收费标准并致歉', doneAt: TUESDAY_10.toISOString() })
    const again = await suite.app.request('POST', `/api/surveys/followups/${followUpId}/done`, { token: tokens.bj02Supervisor, body: { note: '再次' } })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('followup_already_done')
  })

  it('directors see every clinic; agents may not read follow-ups', async () => {
    const director = await suite.app.request('GET', '/api/surveys/followups?limit=100', { token: await suite.app.staffToken(['director']) })
    expect(new Set(director.body.items.map((f: { clinicCode: string }) => f.clinicCode))).toEqual(new Set(['BJ01', 'BJ02']))
    expect((await suite.app.request('GET', '/api/surveys/followups', { token: await suite.app.staffToken(['agent']) })).status).toBe(403)
  })

  it('the mini program may answer several questions at once and in any order; the chat then asks the first one still open', async () => {
    const id = await openSurvey('no_spend')
    const outcome = await answerSurvey(suite.app.deps, id, [{ questionId: 'q3', choice: 'o1' }, { questionId: 'q1', score: 4 }])
    expect(outcome.next).toMatchObject({ index: 1, question: { id: 'q2' }, total: 4 })
    expect(outcome.complete).toBe(false)
  })

  it('answers that do not fit are refused with a code, and nothing is stored', async () => {
    const id = await openSurvey('no_spend')
    const refused = (answers: Parameters<typeof answerSurvey>[2]) => answerSurvey(suite.app.deps, id, answers)
    await expect(refused([{ questionId: 'q1', score: 6 }])).rejects.toMatchObject({ status: 422, code: 'invalid_answer' })
    await expect(refused([{ questionId: 'q3', choice: 'o9' }])).rejects.toMatchObject({ status: 422, code: 'invalid_answer' })
    await expect(refused([{ questionId: 'q9', score: 3 }])).rejects.toMatchObject({ status: 422, code: 'unknown_question' })
    await expect(refused([{ questionId: 'q1', score: 3 }, { questionId: 'q1', score: 4 }])).rejects.toMatchObject({ status: 422, code: 'duplicate_answer' })
    expect((await invitationsOf(suite.app, surveyed.at(-1)!.memberId))[0].answers ?? []).toEqual([])
    await answerSurvey(suite.app.deps, id, [{ questionId: 'q1', score: 3 }])
    await expect(refused([{ questionId: 'q1', score: 4 }])).rejects.toMatchObject({ status: 409, code: 'question_already_answered' })
    await answerSurvey(suite.app.deps, id, [{ questionId: 'q2', skipped: true }, { questionId: 'q3', skipped: true }, { questionId: 'q4', text: '没有' }])
    await expect(refused([{ questionId: 'q2', score: 4 }])).rejects.toMatchObject({ status: 409, code: 'survey_already_answered' })
    expect((await invitationsOf(suite.app, surveyed.at(-1)!.memberId))[0]).toMatchObject({ status: 'answered', score: 3, comment: null })
  })

  it('two answers to the same question at once (chat and mini program) record one', async () => {
    const id = await openSurvey('surgical')
    const results = await Promise.allSettled([3, 4, 5].map((score) => answerSurvey(suite.app.deps, id, [{ questionId: 'q1', score }])))
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const [invitation] = await invitationsOf(suite.app, surveyed.at(-1)!.memberId)
    expect(invitation.answers!.filter((a) => a.questionId === 'q1')).toHaveLength(1)
  })
})
