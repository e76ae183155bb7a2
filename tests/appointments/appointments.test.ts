import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../platform/clock.ts'
import { waitForEvent } from '../helpers/live-events.ts'
import { welcomedCustomer } from '../helpers/sandbox-driver.ts'
import { useTestApp } from '../helpers/test-app.ts'

const WEDNESDAY_10 = '2026-12-02T10:00:00+08:00'

describe('appointments: from the bot to staff and back to the customer', () => {
  const clock = fixedClock(WEDNESDAY_10)
  const suite = useTestApp({ clock })

  /** A member who booked through the chat; answers the request as the API lists it. */
  async function booked(name: string, when = '明天下午3点') {
    const customer = await welcomedCustomer(suite.app, { name })
    await customer.sayAndWait(`我想预约${when}`, '手机号码')
    await customer.sayAndWait('13912345678', '信息无误请回复')
    await customer.sayAndWait('确认', '预约申请已提交')
    const { memberId } = await customer.member()
    const agent = await suite.app.staffToken(['agent'])
    const list = await suite.app.request('GET', `/api/appointments?memberId=${memberId}`, { token: agent })
    expect(list.status).toBe(200)
    expect(list.body.total).toBe(1)
    return { customer, agent, memberId: memberId!, request: list.body.items[0] }
  }

  it('a booking taken in chat appears in the day’s list, live, with the phone in full for agents and masked for directors', async () => {
    const { request, agent } = await booked('王小明')
    expect(request).toMatchObject({ status: 'requested', clinicCode: 'BJ01', day: '2026-12-03', time: '15:00', name: '王小明', phone: '13912345678', at: null, rev: 0 })
    const day = await suite.app.request('GET', '/api/appointments?day=2026-12-03&clinicCode=BJ01&status=requested', { token: agent })
    expect(day.body.items.map((a: { id: string }) => a.id)).toContain(request.id)
    const event = await waitForEvent(suite.app.url, agent, 'appointment', (data) => data.appointmentId === request.id, { after: 0 })
    expect(event).toMatchObject({ kind: 'requested', clinicCode: 'BJ01', day: '2026-12-03' })
    const director = await suite.app.staffToken(['director'])
    expect((await suite.app.request('GET', `/api/appointments/${request.id}`, { token: director })).body.phone).toBe('139****5678')

    const file = await fetch(`${suite.app.url}/api/appointments/export?day=2026-12-03&clinicCode=BJ01`, { headers: { authorization: `Bearer ${agent}` } })
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toContain('spreadsheetml')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await file.arrayBuffer())
    const rows = workbook.worksheets[0].getSheetValues().filter(Boolean).map((row) => (row as unknown[]).slice(1))
    expect(rows[0]).toEqual(['机构', '日期', '确认时间', '期望时间', '就诊人', '联系电话', '状态', '取消原因'])
    expect(rows).toContainEqual(['BJ01', '2026-12-03', '', '15:00', '王小明', '13912345678', '待确认', ''])
  })

  it('confirm tells the customer the day, time, clinic and address; a second confirm is 409; reschedule and cancel tell them too', async () => {
    const { customer, agent, request } = await booked('李女士')
    const confirmed = await suite.app.request('POST', `/api/appointments/${request.id}/confirm`, { token: agent, body: { at: '2026-12-03T15:30:00+08:00', rev: 0 } })
    expect(confirmed.status).toBe(200)
    expect(confirmed.body).toMatchObject({ customerTold: true, appointment: { status: 'confirmed', at: '2026-12-03T07:30:00.000Z', day: '2026-12-03', rev: 1 } })
    const told = await customer.waitFor((line) => line.text.includes('您的预约已确认'))
    expect(told.text).toContain('12月3日（周四） 15:30')
    expect(told.text).toContain('北京朝阳眼科中心')
    expect(told.text).toMatch(/地址：\S+/)

    const again = await suite.app.request('POST', `/api/appointments/${request.id}/confirm`, { token: agent, body: { at: '2026-12-03T16:00:00+08:00' } })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('appointment_changed')
    const stale = await suite.app.request('POST', `/api/appointments/${request.id}/reschedule`, { token: agent, body: { at: '2026-12-04T09:00:00+08:00', rev: 0 } })
    expect(stale.status).toBe(409) // someone changed it since revision 0

    const moved = await suite.app.request('POST', `/api/appointments/${request.id}/reschedule`, { token: agent, body: { at: '2026-12-04T09:00:00+08:00', rev: 1 } })
    expect(moved.body.appointment).toMatchObject({ status: 'confirmed', day: '2026-12-04', rev: 2 })
    await customer.waitFor((line) => line.text.includes('已调整为 12月4日（周五） 09:00'))

    const cancelled = await suite.app.request('POST', `/api/appointments/${request.id}/cancel`, { token: agent, body: { reason: '医生临时停诊' } })
    expect(cancelled.body.appointment).toMatchObject({ status: 'cancelled', cancelReason: '医生临时停诊', cancelledBy: 'staff' })
    await customer.waitFor((line) => line.text.includes('预约已取消，原因：医生临时停诊'))
    const late = await suite.app.request('POST', `/api/appointments/${request.id}/confirm`, { token: agent, body: { at: '2026-12-04T09:00:00+08:00' } })
    expect(late.status).toBe(409)
    const detail = await suite.app.request('GET', `/api/appointments/${request.id}`, { token: agent })
    expect(detail.body.history.map((h: { action: string }) => h.action)).toEqual(['requested', 'confirmed', 'rescheduled', 'cancelled'])
  })

  it('bad times are refused with the error shape: not a time, in the past, outside the calendars', async () => {
    const { agent, request } = await booked('赵先生')
    const notATime = await suite.app.request('POST', `/api/appointments/${request.id}/confirm`, { token: agent, body: { at: '明天下午' } })
    expect(notATime.status).toBe(400)
    expect(notATime.body.error).toMatchObject({ code: 'validation_failed' })
    const past = await suite.app.request('POST', `/api/appointments/${request.id}/confirm`, { token: agent, body: { at: '2026-12-01T09:00:00+08:00' } })
    expect(past.status).toBe(422)
    expect(past.body.error.code).toBe('appointment_in_past')
    const far = await suite.app.request('POST', `/api/appointments/${request.id}/confirm`, { token: agent, body: { at: '2288-01-01T09:00:00+08:00' } })
    expect(far.status).toBe(422)
    expect(far.body.error.code).toBe('invalid_date')
    expect((await suite.app.request('GET', `/api/appointments/${request.id}`, { token: agent })).body.status).toBe('requested') // nothing changed
    const director = await suite.app.staffToken(['director'])
    expect((await suite.app.request('POST', `/api/appointments/${request.id}/confirm`, { token: director, body: { at: '2026-12-03T15:00:00+08:00' } })).status).toBe(403)
    const otherClinic = await suite.app.staffToken(['agent'], ['CD01'])
    expect((await suite.app.request('GET', `/api/appointments/${request.id}`, { token: otherClinic })).status).toBe(403)
    expect((await suite.app.request('GET', '/api/appointments/000000000000000000000000', { token: agent })).status).toBe(404)
  })

  it('改约 in chat, after a yes, sends the request back to staff with the new day; 取消 in chat, after a yes, cancels it', async () => {
    const { customer, agent, request } = await booked('孙女士')
    await suite.app.request('POST', `/api/appointments/${request.id}/confirm`, { token: agent, body: { at: '2026-12-03T15:00:00+08:00' } })
    await customer.waitFor((line) => line.text.includes('您的预约已确认'))

    const ask = await customer.sayAndWait('改约到下周一上午', '对吗')
    expect(ask.text).toContain('从12月3日（周四）改到12月7日（周一） 上午')
    await customer.sayAndWait('是的', '已为您申请改约到12月7日（周一） 上午')
    const back = (await suite.app.request('GET', `/api/appointments/${request.id}`, { token: agent })).body
    expect(back).toMatchObject({ status: 'requested', day: '2026-12-07', partOfDay: 'morning', at: null })

    await customer.sayAndWait('取消我下周一的预约', '要取消您12月7日（周一）')
    await customer.sayAndWait('不是', '预约保持不变')
    expect((await suite.app.request('GET', `/api/appointments/${request.id}`, { token: agent })).body.status).toBe('requested')

    await customer.sayAndWait('下周一的预约我去不了了，取消吧', '要取消您12月7日（周一）')
    await customer.sayAndWait('是', '已为您取消12月7日（周一）')
    expect((await suite.app.request('GET', `/api/appointments/${request.id}`, { token: agent })).body).toMatchObject({ status: 'cancelled', cancelledBy: 'customer' })
    await customer.sayAndWait('取消预约', '没有查到您待就诊的预约')
  })

  it('a confirmed appointment gets one reminder the day before at 10:00, never twice, and none after a cancel', async () => {
    const kept = await booked('周先生', '后天上午10点')
    const dropped = await booked('吴女士', '后天上午11点')
    for (const [{ request, agent }, at] of [[kept, '2026-12-04T10:00:00+08:00'], [dropped, '2026-12-04T11:00:00+08:00']] as const) {
      expect((await suite.app.request('POST', `/api/appointments/${request.id}/confirm`, { token: agent, body: { at } })).status).toBe(200)
    }
    await dropped.customer.waitFor((line) => line.text.includes('您的预约已确认'))
    await suite.app.request('POST', `/api/appointments/${dropped.request.id}/cancel`, { token: dropped.agent, body: { reason: '顾客来电取消' } })

    const thursday10 = new Date('2026-12-03T10:00:00+08:00')
    const first = await suite.app.scheduler.runNow('appointments.remind', thursday10)
    expect(first.error).toBeNull()
    expect(first.result).toMatchObject({ due: 1, sent: 1 })
    const second = await suite.app.scheduler.runNow('appointments.remind', thursday10)
    expect(second.result).toMatchObject({ due: 1, sent: 0 })
    await kept.customer.waitFor((line) => line.text.includes('温馨提醒'))
    await kept.customer.repliesSettled() // the outbox has sent everything it was given
    const reminders = (await kept.customer.transcript()).filter((l) => l.text.includes('温馨提醒'))
    expect(reminders).toHaveLength(1)
    expect(reminders[0].text).toContain('您明天 10:00 在北京朝阳眼科中心有预约')
    expect((await dropped.customer.transcript()).filter((l) => l.text.includes('温馨提醒'))).toEqual([])
  })
})
