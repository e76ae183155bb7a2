import { beforeAll, describe, expect, it } from 'vitest'
import type { VisitType } from '../../core/visits/model.ts'
import { fixedClock } from '../../platform/clock.ts'
import { welcomedCustomer } from '../helpers/sandbox-driver.ts'
import { useTestApp, type TestApp } from '../helpers/test-app.ts'
import { at, invitationsOf, runJob } from './factories.ts'

const TUESDAY_10 = at('2026-11-24 10:00')

/** A sandbox customer who added the account, with a visit yesterday, and the morning's survey run. */
async function surveyedCustomer(app: TestApp, name: string, type: VisitType) {
  const customer = await welcomedCustomer(app, { name }, '欢迎')
  const { memberId } = await customer.member()
  const admin = await app.login()
  const imported = await app.request('POST', '/api/visits', {
    token: admin,
    body: [{ externalId: `his-${name}-${Date.now()}`, memberId, clinicCode: 'BJ01', visitedAt: '2026-11-23T15:00:00+08:00', type, amount: type === 'no_spend' ? 0 : 680 }],
  })
  expect(imported.body).toMatchObject({ created: 1, rejected: [] })
  await runJob(app, 'surveys.invite', TUESDAY_10)
  await customer.waitFor((line) => line.text.includes('（1/'))
  return { customer, memberId: memberId! }
}

async function invitationOf(app: TestApp, memberId: string) {
  const [invitation] = await invitationsOf(app, memberId)
  return invitation
}

describe('answering a survey in chat', () => {
  const suite = useTestApp({ clock: fixedClock(TUESDAY_10) })
  beforeAll(async () => {
    // Five questions, so one session shows every answer style.
    const res = await suite.app.request('PUT', '/api/surveys/templates/non_surgical', {
      token: await suite.app.login(),
      body: {
        questions: [
          { kind: 'score', text: '总体来说，您对这次治疗满意吗？' },
          { kind: 'score', text: '医护人员的服务态度，您给几分？' },
          { kind: 'score', text: '诊室环境和卫生，您给几分？' },
          { kind: 'choice', text: '您是通过什么渠道了解到我们的？', options: [{ label: '朋友推荐' }, { label: '网络搜索' }, { label: '路过看到' }] },
          { kind: 'text', text: '还有什么想对我们说的吗？' },
        ],
      },
    })
    expect(res.body).toMatchObject({ key: 'non_surgical', version: 2 })
  })

  it('a number, a word, an emoji, a skip and a comment answer the questions in order, each stored as it arrives, and the survey ends with thanks', async () => {
    const { customer, memberId } = await surveyedCustomer(suite.app, '吴女士', 'non_surgical')
    await customer.sayAndWait('5分', '（2/5）')
    expect((await invitationOf(suite.app, memberId)).answers!.map((a) => a.score)).toEqual([5]) // stored at once
    await customer.sayAndWait('满意', '（3/5）')
    await customer.sayAndWait('👍', '（4/5）')
    await customer.sayAndWait('跳过', '（5/5）')
    const thanks = await customer.sayAndWait('医生讲解很耐心，下次还来', '感谢您的宝贵意见')
    expect(thanks.from).toBe('bot')

    const invitation = await invitationOf(suite.app, memberId)
    expect(invitation).toMatchObject({ status: 'answered', templateVersion: 2, score: 5, comment: '医生讲解很耐心，下次还来', followUpReason: null })
    expect(invitation.answers!.map((a) => [a.questionId, a.skipped, a.score ?? a.choice ?? a.text ?? null])).toEqual([
      ['q1', false, 5],
      ['q2', false, 4],
      ['q3', false, 5],
      ['q4', true, null],
      ['q5', false, '医生讲解很耐心，下次还来'],
    ])
  })

  it('a reply that is not an answer is asked again with an example', async () => {
    const { customer, memberId } = await surveyedCustomer(suite.app, '郑先生', 'surgical')
    const again = await customer.sayAndWait('10分', '1 到 5 之间')
    expect(again.text).toContain('跳过')
    await customer.sayAndWait('非常满意', '（2/4）')
    expect((await invitationOf(suite.app, memberId)).answers!.map((a) => a.score)).toEqual([5])
  })

  it('a complaint in the middle of a survey goes to the complaint intake, and the survey picks up where it was once the case is filed', async () => {
    const { customer, memberId } = await surveyedCustomer(suite.app, '冯女士', 'no_spend')
    await customer.sayAndWait('4', '（2/4）')
    await customer.sayAndWait('我要投诉，前台态度太差了，让我等了一个多小时也没人管', '请您慢慢说')
    await customer.sayAndWait('昨天下午', '哪位医生或工作人员')
    await customer.sayAndWait('前台的一位女士', '怎么处理')
    await customer.sayAndWait('希望道歉', '手机号码')
    await customer.sayAndWait('13800138000', '请您核对')
    const resumed = await customer.sayAndWait('确认', '我们接着刚才的回访继续吧')
    expect(resumed.text).toContain('（2/4）')
    expect((await customer.transcript()).some((line) => line.text.includes('投诉编号'))).toBe(true)

    await customer.sayAndWait('一般', '（3/4）')
    await customer.sayAndWait('2', '（4/4）')
    await customer.sayAndWait('没有', '感谢您抽出宝贵时间')
    const invitation = await invitationOf(suite.app, memberId)
    expect(invitation.status).toBe('answered')
    expect(invitation.answers!.map((a) => a.score ?? a.choice ?? (a.skipped ? 'skipped' : a.text))).toEqual([4, 3, 'o2', 'skipped'])
  })

  it('a question for a person in the middle of a survey is handed over, and the survey asks again once the chat is back with the bot', async () => {
    const { customer, memberId } = await surveyedCustomer(suite.app, '陈先生', 'surgical')
    await customer.sayAndWait('我上周的检查报告出来了吗', '核实身份')

    const agent = await suite.app.staffToken(['agent'])
    const queue = await suite.app.request('GET', '/api/conversations?status=escalated&limit=100', { token: agent })
    const conversation = queue.body.items.find((c: { memberId: string }) => c.memberId === memberId)
    expect((await suite.app.request('POST', `/api/conversations/${conversation.id}/claim`, { token: agent })).status).toBe(200)
    expect((await suite.app.request('POST', `/api/conversations/${conversation.id}/release`, { token: agent })).status).toBe(200)

    expect(await runJob(suite.app, 'surveys.resume', at('2026-11-24 11:00'))).toMatchObject({ resumed: 1 })
    const resumed = await customer.waitFor((line) => line.text.includes('我们接着刚才的回访继续吧'))
    expect(resumed.text).toContain('（1/4）')
    await customer.sayAndWait('5', '（2/4）')
    expect((await invitationOf(suite.app, memberId)).answers!.map((a) => a.score)).toEqual([5])
  })

  it('a low score and a comment describing a problem open the supervisor’s follow-up, and the bot offers to file a complaint', async () => {
    const supervisor = await suite.app.staffToken(['supervisor'], ['BJ01'])
    const { customer, memberId } = await surveyedCustomer(suite.app, '褚女士', 'no_spend')
    await customer.sayAndWait('2', '（2/4）')
    await customer.sayAndWait('3', '（3/4）')
    await customer.sayAndWait('4', '（4/4）')
    await customer.sayAndWait('前台态度很差，等了很久也没人理', '登记为正式投诉')
    const lines = await customer.transcript()
    expect(lines.some((line) => line.text.includes('非常抱歉这次没能让您满意'))).toBe(true)

    const invitation = await invitationOf(suite.app, memberId)
    const followUps = await suite.app.request('GET', '/api/surveys/followups?status=open&clinicCode=BJ01', { token: supervisor })
    const followUp = followUps.body.items.find((f: { invitationId: string }) => f.invitationId === String(invitation._id))
    expect(followUp).toMatchObject({ memberId, clinicCode: 'BJ01', reason: 'low_score', reasons: ['low_score', 'negative_comment'], status: 'open', score: 2, comment: '前台态度很差，等了很久也没人理', assigneeName: '测试员工' })

    const intake = await customer.sayAndWait('是', '请您慢慢说')
    expect(intake.text).toContain('发生了什么')
  })

  it('free text where a choice was asked is kept as that question’s comment and the survey moves on; it reads as partial until complete', async () => {
    const { customer, memberId } = await surveyedCustomer(suite.app, '钟女士', 'no_spend')
    const supervisor = await suite.app.staffToken(['supervisor'])
    const statusInApi = async () => (await suite.app.request('GET', `/api/surveys/invitations?memberId=${memberId}`, { token: supervisor })).body.items[0].status
    expect(await statusInApi()).toBe('sent')
    await customer.sayAndWait('4', '（2/4）')
    expect(await statusInApi()).toBe('partial')
    const partial = await suite.app.request('GET', `/api/surveys/invitations?memberId=${memberId}&status=partial`, { token: supervisor })
    expect(partial.body.total).toBe(1)
    await customer.sayAndWait('挺好的', '（3/4）')
    await customer.sayAndWait('等了太久,医生也没解释清楚', '（4/4）')
    const end = await customer.sayAndWait('没有了', '感谢您抽出宝贵时间')
    expect(end.text).toContain('登记为正式投诉') // the comment described a problem

    const invitation = await invitationOf(suite.app, memberId)
    expect(invitation.answers!.map((a) => ({ score: a.score, choice: a.choice, text: a.text, skipped: a.skipped }))).toEqual([
      { score: 4, choice: undefined, text: undefined, skipped: false },
      { score: 4, choice: undefined, text: undefined, skipped: false },
      { score: undefined, choice: undefined, text: '等了太久,医生也没解释清楚', skipped: false },
      { score: undefined, choice: undefined, text: undefined, skipped: true },
    ])
    expect(await statusInApi()).toBe('answered')
    const followUps = await suite.app.request('GET', '/api/surveys/followups?limit=100', { token: supervisor })
    expect(followUps.body.items.find((f: { invitationId: string }) => f.invitationId === String(invitation._id))).toMatchObject({ reason: 'negative_comment' })
  })

  it('fillers never leave the survey: one is asked again, a second skips the question instead of repeating it', async () => {
    const { customer, memberId } = await surveyedCustomer(suite.app, '蒋先生', 'surgical')
    await customer.sayAndWait('好的', '1 到 5 之间')
    const skipped = await customer.sayAndWait('没有了', '（2/4）')
    expect(skipped.text).toContain('先跳过')
    await customer.sayAndWait('谢谢', '1 到 5 之间')
    await customer.sayAndWait('5', '（3/4）')
    const said = (await customer.transcript()).filter((l) => l.from === 'bot').map((l) => l.text)
    expect(said.filter((t) => t.includes('券码'))).toHaveLength(1) // only the welcome's coupon: no coupon list for "没有了"
    expect((await invitationOf(suite.app, memberId)).answers!.map((a) => (a.skipped ? 'skipped' : a.score))).toEqual(['skipped', 5])
  })
})
