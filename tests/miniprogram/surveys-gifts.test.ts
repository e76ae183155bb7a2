// Runs in Node with a jsdom document of its own: tests/miniprogram/dom.ts says why.
import { randomBytes } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import { openConversation } from '../../core/conversations/service.ts'
import { adjustPoints } from '../../core/points/service.ts'
import { fixedClock } from '../../platform/clock.ts'
import { useStaffTokens } from '../helpers/test-app.ts'
import { mpMember } from '../miniprogram-api/mp-kit.ts'
import { runJob, TEST_ACCOUNT, visit } from '../surveys/factories.ts'
import { useSimulatedMiniprogram } from './miniprogram-kit.ts'
import { change, openPage, tap, tapButton, textOf, waitForText } from './simulator.ts'

describe('mini program: 满意度调查 and 积分兑换', () => {
  const clock = fixedClock('2026-12-02T10:00:00+08:00')
  const mp = useSimulatedMiniprogram({ clock })
  const tokens = useStaffTokens(() => mp.app, { agent: ['agent'], marketing: ['marketing'] })

  /** A mini program member who also chats with the bot, visited yesterday and was sent the survey. */
  async function surveyedMember() {
    const member = await mpMember(mp.app, mp.wechat)
    await openConversation(mp.app.deps, { channel: 'wechaty', account: TEST_ACCOUNT, externalId: `wx-${randomBytes(4).toString('hex')}`, customerName: '王女士', memberId: member.memberId, clinicCode: 'BJ01' })
    await visit(mp.app, member.memberId, 'non_surgical', '2026-12-01 10:00')
    await runJob(mp.app, 'surveys.invite', clock.now())
    mp.wx.useOpenid(member.openid)
    return member
  }

  it('answers a pending survey with stars, a choice and a comment, thanks the member, and staff see the answers', async () => {
    const member = await surveyedMember()
    const list = openPage('surveys')
    await waitForText(list, '去填写', '12月1日就诊')
    const [survey] = list.instance.data.items
    tap(list, '.survey')
    await vi.waitFor(() => expect(mp.wx.navigations).toContain(`/pages/survey/survey?id=${survey.id}`))

    const page = openPage('survey', { id: survey.id })
    await waitForText(page, survey.name, '提交')
    const questions = page.instance.data.questions as Array<{ id: string; kind: string; options: Array<{ id: string }> }>
    expect(questions.map((q) => q.kind), 'the survey asks for a score').toContain('score')
    for (const q of questions) {
      if (q.kind === 'score') change(page, `#q-${q.id}`, { value: 5 })
      if (q.kind === 'choice') change(page, `#q-${q.id}`, { value: q.options[0].id })
      if (q.kind === 'text') change(page, `#q-${q.id}`, { value: '医生很耐心，谢谢' })
    }
    tapButton(page, '#submit')
    await waitForText(page, '提交成功')

    const staff = await mp.app.request('GET', `/api/surveys/invitations?memberId=${member.memberId}`, { token: tokens.agent })
    const answered = staff.body.items.find((i: { id: string }) => i.id === survey.id)
    expect(answered.answers.length).toBe(questions.length)
    expect(answered.score).toBe(5)

    list.instance.onShow()
    await waitForText(list, '暂时没有待填写的问卷')
  })

  it('says there is nothing to answer when no survey is open', async () => {
    const member = await mpMember(mp.app, mp.wechat)
    mp.wx.useOpenid(member.openid)
    const list = openPage('surveys')
    await waitForText(list, '暂时没有待填写的问卷')
  })

  it('redeems a gift after the member confirms, shows the new balance, and the stock and points move on the server', async () => {
    const gift = (await mp.app.request('POST', '/api/gifts', { token: tokens.marketing, body: { name: '护眼蒸汽眼罩', description: '一盒 10 片', pointsCost: 300, stock: 5 } })).body
    const member = await mpMember(mp.app, mp.wechat)
    await adjustPoints(mp.app.deps, member.memberId, { delta: 800, reason: '到院消费', staffId: 'test' })
    mp.wx.useOpenid(member.openid)
    const page = openPage('gifts')
    await waitForText(page, '护眼蒸汽眼罩', '300 积分', '剩余 5 件')
    expect(textOf(page)).toContain('我的积分 800')

    tapButton(page, `#redeem-${gift.id}`)
    await waitForText(page, '已兑换「护眼蒸汽眼罩」，剩余积分 500', '剩余 4 件')
    expect(mp.wx.modals.at(-1)!.content).toContain('使用 300 积分兑换「护眼蒸汽眼罩」')

    const points = await mp.app.request('GET', `/api/members/${member.memberId}/points`, { token: tokens.agent })
    expect(points.body.balance).toBe(500)
    const gifts = await mp.app.request('GET', '/api/gifts?limit=100', { token: tokens.agent })
    expect(gifts.body.items.find((g: { id: string }) => g.id === gift.id).stock).toBe(4)
  })

  it('keeps the points when the member changes their mind, and tells them when points are short', async () => {
    const gift = (await mp.app.request('POST', '/api/gifts', { token: tokens.marketing, body: { name: '定制保温杯', pointsCost: 1000, stock: 2 } })).body
    const member = await mpMember(mp.app, mp.wechat)
    await adjustPoints(mp.app.deps, member.memberId, { delta: 1200, reason: '到院消费', staffId: 'test' })
    mp.wx.useOpenid(member.openid)
    const page = openPage('gifts')
    await waitForText(page, '定制保温杯')
    mp.wx.confirms = false
    tapButton(page, `#redeem-${gift.id}`)
    await vi.waitFor(() => expect(mp.wx.modals.at(-1)!.content).toContain('定制保温杯'))
    mp.wx.confirms = true
    expect((await mp.app.request('GET', `/api/members/${member.memberId}/points`, { token: tokens.agent })).body.balance).toBe(1200)

    await adjustPoints(mp.app.deps, member.memberId, { delta: -500, reason: '测试', staffId: 'test' })
    const poorer = openPage('gifts')
    await waitForText(poorer, '积分不足')
  })
})
