// Runs in Node with a jsdom document of its own: tests/miniprogram/dom.ts says why.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { fixedClock } from '../../platform/clock.ts'
import { useStaffTokens } from '../helpers/test-app.ts'
import { mpMember } from '../miniprogram-api/mp-kit.ts'
import { useSimulatedMiniprogram } from './miniprogram-kit.ts'
import { change, openPage, tap, tapButton, textOf, waitForText } from './simulator.ts'

// A 1×1 PNG, as wx.chooseMedia would leave in a temp file.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

describe('mini program: 预约 and 投诉与建议', () => {
  const clock = fixedClock('2026-12-02T10:00:00+08:00') // a Wednesday
  const mp = useSimulatedMiniprogram({ clock })
  const tokens = useStaffTokens(() => mp.app, { agent: ['agent'], supervisor: ['supervisor'] })

  it('books a visit for the afternoon, lists it as 待确认, and cancels it after the member confirms', async () => {
    const member = await mpMember(mp.app, mp.wechat)
    mp.wx.useOpenid(member.openid)
    const page = openPage('appointments')
    await waitForText(page, '预约到院', '还没有预约记录')
    change(page, '#day', { value: '2026-12-04' })
    change(page, '#part-of-day', { value: 'afternoon' })
    change(page, '#name', { value: '王小明' })
    change(page, '#phone', { value: '13912345678' })
    tapButton(page, '#submit')
    await waitForText(page, '待确认', '12月4日 下午 · 王小明')

    const booked = await mp.app.request('GET', `/api/appointments?memberId=${member.memberId}`, { token: tokens.agent })
    expect(booked.body.items).toEqual([expect.objectContaining({ status: 'requested', day: '2026-12-04', partOfDay: 'afternoon', name: '王小明', phone: '13912345678' })])

    mp.wx.confirms = false
    tap(page, '.booking-cancel')
    await vi.waitFor(() => expect(mp.wx.modals).toHaveLength(1))
    expect(mp.wx.modals[0].content).toContain('确定要取消这次预约吗')
    mp.wx.confirms = true
    tap(page, '.booking-cancel')
    await waitForText(page, '已取消')
    const cancelled = await mp.app.request('GET', `/api/appointments/${booked.body.items[0].id}`, { token: tokens.agent })
    expect(cancelled.body.status).toBe('cancelled')
  })

  it('asks for what is missing before booking, and shows the server’s refusal in Chinese', async () => {
    const member = await mpMember(mp.app, mp.wechat)
    mp.wx.useOpenid(member.openid)
    const page = openPage('appointments')
    await waitForText(page, '预约到院')
    tapButton(page, '#submit')
    await waitForText(page, '请选择预约日期')
    change(page, '#day', { value: '2026-11-30' })
    change(page, '#name', { value: '李女士' })
    change(page, '#phone', { value: '13912345678' })
    tapButton(page, '#submit')
    await waitForText(page, '预约日期已过')
    const none = await mp.app.request('GET', `/api/appointments?memberId=${member.memberId}`, { token: tokens.agent })
    expect(none.body.total).toBe(0)
  })

  it('files a complaint with what the member wants and a photo, shows its number and first-contact deadline, and lists it', async () => {
    const member = await mpMember(mp.app, mp.wechat)
    mp.wx.useOpenid(member.openid)
    const photo = join(mkdtempSync(join(tmpdir(), 'mp-photo-')), 'receipt.png')
    writeFileSync(photo, PNG)

    const list = openPage('complaints')
    await waitForText(list, '您还没有提交过反馈')

    const form = openPage('complaint-new')
    await waitForText(form, '发生了什么')
    change(form, '#description', { value: '验光等了两个小时，前台也没有人解释' })
    change(form, '#day', { value: '2026-12-01' })
    change(form, '#wants', { value: ['explanation', 'apology'] })
    mp.wx.nextMedia = [{ tempFilePath: photo, size: PNG.length }]
    tap(form, '#add-photo')
    await vi.waitFor(() => expect(form.instance.data.photos).toHaveLength(1))
    tapButton(form, '#submit')
    await waitForText(form, '我们已收到您的反馈', '受理编号 BJ01202612')
    const number: string = form.instance.data.filed.number
    expect(textOf(form)).toMatch(/客服主管将在 2026年12月\d+日 前与您联系/)

    const staffView = await mp.app.request('GET', `/api/complaints/${number}`, { token: tokens.supervisor })
    expect(staffView.status).toBe(200)
    expect(staffView.body).toMatchObject({ wants: ['explanation', 'apology'], photoIds: [expect.any(String)] })
    expect(staffView.body.occurredAt).toBe('2026-12-01T04:00:00.000Z')
    const mine = await mp.app.request('GET', `/api/mp/complaints/${number}`, { token: member.token })
    expect(mine.body).toMatchObject({ photoCount: 1, description: '验光等了两个小时，前台也没有人解释' })

    list.instance.onShow()
    await waitForText(list, number, '验光等了两个小时')
    const detail = openPage('complaint', { number })
    await waitForText(detail, `受理编号 ${number}`, mine.body.statusText, '1 张', '验光等了两个小时')
  })

  it('says which complaint cannot be found', async () => {
    const member = await mpMember(mp.app, mp.wechat)
    mp.wx.useOpenid(member.openid)
    const detail = openPage('complaint', { number: 'BJ0120261299' })
    await waitForText(detail, '未找到这条反馈记录', '重新加载')
  })
})
