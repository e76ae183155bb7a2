import { beforeAll, describe, expect, it } from 'vitest'
import { answerSurvey } from '../../core/surveys/answers.ts'
import { fixedClock } from '../../platform/clock.ts'
import { useTestApp } from '../helpers/test-app.ts'
import { at, conversationOf, invitationsOf, memberWithChat, runJob, visit } from './factories.ts'

describe('surveys not finished within 48 hours', () => {
  const clock = fixedClock(at('2026-11-24 10:00'))
  type Who = 'some' | 'none' | 'all'
  const ids = {} as Record<Who, { memberId: string; conversationId: string; invitationId: string }>
  const current = async (who: Who) => (await invitationsOf(suite.app, ids[who].memberId))[0]

  const suite = useTestApp({ clock })
  beforeAll(async () => {
    for (const who of ['some', 'none', 'all'] as const) {
      const { memberId, conversationId } = await memberWithChat(suite.app)
      await visit(suite.app, memberId, 'non_surgical', '2026-11-23 10:00')
      ids[who] = { memberId, conversationId, invitationId: '' }
    }
    await runJob(suite.app, 'surveys.invite', at('2026-11-24 10:00'))
    for (const who of ['some', 'none', 'all'] as const) ids[who].invitationId = String((await current(who))._id)
    await answerSurvey(suite.app.deps, ids.some.invitationId, [{ questionId: 'q1', score: 4 }], { source: 'chat' })
    await answerSurvey(suite.app.deps, ids.all.invitationId, [
      { questionId: 'q1', score: 5 },
      { questionId: 'q2', score: 5 },
      { questionId: 'q3', choice: 'o1' },
      { questionId: 'q4', skipped: true },
    ])
  })

  it('stay open until 48 hours have passed', async () => {
    expect(await runJob(suite.app, 'surveys.expire', at('2026-11-26 09:59'))).toMatchObject({ partial: 0, expired: 0 })
    expect((await current('some')).status).toBe('sent')
  })

  it('close as partial with some answers and as expired with none; an answered survey is left alone', async () => {
    expect(await runJob(suite.app, 'surveys.expire', at('2026-11-26 10:00'))).toMatchObject({ partial: 1, expired: 1 })
    expect(await current('some')).toMatchObject({ status: 'partial', score: 4, finishedAt: at('2026-11-26 10:00') })
    expect(await current('none')).toMatchObject({ status: 'expired', finishedAt: at('2026-11-26 10:00') })
    expect(await current('all')).toMatchObject({ status: 'answered', score: 5 })
  })

  it('a closed survey leaves the chat, and answering it afterwards is refused as gone', async () => {
    expect((await conversationOf(suite.app, ids.some.conversationId))?.dialog?.name ?? null).toBeNull()
    await expect(answerSurvey(suite.app.deps, ids.some.invitationId, [{ questionId: 'q2', score: 5 }])).rejects.toMatchObject({ status: 410, code: 'survey_closed' })
  })

  it('closing twice changes nothing', async () => {
    expect(await runJob(suite.app, 'surveys.expire', at('2026-11-26 11:25'))).toMatchObject({ partial: 0, expired: 0 })
  })
})
