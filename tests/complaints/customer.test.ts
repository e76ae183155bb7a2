import { describe, expect, it } from 'vitest'
import { caseStatusReply, filedReply, returnVisitQuestion } from '../../core/complaints/copy.ts'
import { caseStatusForCustomer, fileComplaint, openComplaintExists, recordReturnVisit } from '../../core/complaints/index.ts'
import { fixedClock } from '../../platform/clock.ts'
import { useTestApp } from '../helpers/test-app.ts'
import { advance, at, flowTokens } from './factories.ts'

const ME = '6740a1b2c3d4e5f6a7b8c9d0'
const SOMEONE_ELSE = '6740a1b2c3d4e5f6a7b8c9d1'

describe('complaints from the customer’s side (bot and mini program)', () => {
  const clock = fixedClock(at('2026-11-23 10:00')) // Monday

  const suite = useTestApp({ clock })

  const fileByChat = (memberId: string) =>
    fileComplaint(suite.app.deps, { clinicCode: 'BJ01', channel: 'chat', customerName: '刘女士', phone: '13900001111', memberId, description: '配的眼镜镜框一周就断了' })

  it('a complaint filed in chat gets a number, and the reply tells it with the first-contact date in Chinese', async () => {
    clock.set(at('2026-11-23 10:00'))
    const filed = await fileByChat(ME)
    expect(filed).toMatchObject({ number: 'BJ0120261101', channel: 'chat', category: 'product_quality', memberId: ME })
    expect(filed.phone).toBe('139****1111') // the bot does not need the number in full
    expect(filed.audit[0].by).toMatchObject({ role: 'bot' })
    const reply = filedReply(filed)
    expect(reply).toContain('BJ0120261101')
    expect(reply).toContain('11月26日（周四）前与您联系')
  })

  it('a customer sees their own case’s status, and another member’s case as if it did not exist', async () => {
    const { number } = await fileByChat(ME)
    const mine = await caseStatusForCustomer(suite.app.deps, number, ME)
    expect(mine).toMatchObject({ number, status: 'open', statusText: '已收到，正在安排客服主任受理', firstContacted: false })
    expect(caseStatusReply(mine!)).toContain(`编号 ${number}`)
    expect(await caseStatusForCustomer(suite.app.deps, number, SOMEONE_ELSE)).toBeNull()
    expect(await caseStatusForCustomer(suite.app.deps, 'BJ0120261199', ME)).toBeNull()
    expect(mine).not.toHaveProperty('phone')
    expect(mine).not.toHaveProperty('description')
  })

  it('surveys can tell whether a member has a complaint still open', async () => {
    const member = '6740a1b2c3d4e5f6a7b8c9d2'
    expect(await openComplaintExists(suite.app.deps, member)).toBe(false)
    const { number } = await fileByChat(member)
    expect(await openComplaintExists(suite.app.deps, member)).toBe(true)
    expect(await openComplaintExists(suite.app.deps, SOMEONE_ELSE)).toBe(false)
    await advance(suite.app, await flowTokens(suite.app), number, 9)
    expect(await openComplaintExists(suite.app.deps, member)).toBe(false)
  })

  it('the customer answers the return visit in chat; "satisfied" keeps the case closed', async () => {
    clock.set(at('2026-11-24 10:00'))
    const member = '6740a1b2c3d4e5f6a7b8c9d3'
    const { number } = await fileByChat(member)
    await advance(suite.app, await flowTokens(suite.app), number, 9)
    expect(returnVisitQuestion({ number })).toContain(number)
    expect(await recordReturnVisit(suite.app.deps, number, { satisfied: true, note: '处理得很及时' }, { kind: 'customer', memberId: member })).toEqual({
      number,
      status: 'closed',
      reopened: false,
    })
    const status = await caseStatusForCustomer(suite.app.deps, number, member)
    expect(caseStatusReply(status!)).toContain('处理完毕')
  })
})
