import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { grantWelcomeCoupon } from '../../core/coupons/service.ts'
import { invitationModel } from '../../core/surveys/model.ts'
import { fixedClock } from '../../platform/clock.ts'
import { PIXEL_PNG } from '../helpers/fake-cdn.ts'
import { startFakeWechat, wechatEnv, type FakeWechat } from '../helpers/fake-wechat.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { at, runJob, visit } from '../surveys/factories.ts'
import { mpMember } from './mp-kit.ts'

const TUESDAY_10 = at('2026-11-24 10:00')

describe('the mini program’s member data', () => {
  let app: TestApp
  let wechat: FakeWechat
  let admin: string
  const clock = fixedClock(TUESDAY_10)

  beforeAll(async () => {
    wechat = await startFakeWechat()
    app = await startTestApp({ env: wechatEnv(wechat), clock })
    admin = await app.login()
  })
  afterAll(async () => {
    await app?.stop()
    await wechat?.close()
  })

  const staffNotices = async (token: string) => (await app.request('GET', '/api/notifications', { token })).body.items as Array<{ kind: string; title: string; body: string }>

  it('shows a member only their own coupons; another member’s code is 404', async () => {
    const mine = await mpMember(app, wechat)
    const theirs = await mpMember(app, wechat)
    const granted = await grantWelcomeCoupon(app.deps, mine.memberId)
    const code = granted.coupon!.code
    const list = await app.request('GET', '/api/mp/coupons', { token: mine.token })
    expect(list.body).toMatchObject({ total: 1, items: [{ code, amount: 50, threshold: 500, status: 'usable' }] })
    const one = await app.request('GET', `/api/mp/coupons/${code}`, { token: mine.token })
    expect(one.status).toBe(200)
    expect(one.body.code).toBe(code)
    expect((await app.request('GET', '/api/mp/coupons?status=used', { token: mine.token })).body.items).toEqual([])
    const refused = await app.request('GET', `/api/mp/coupons/${code}`, { token: theirs.token })
    expect(refused.status).toBe(404)
    expect(refused.body.error.code).toBe('coupon_not_found')
  })

  it('books, lists and cancels an appointment, and the clinic’s agent is told; another member’s booking is 404', async () => {
    const agent = await app.staffToken(['agent'], ['BJ02'])
    const { token } = await mpMember(app, wechat)
    const other = await mpMember(app, wechat)
    const body = { requestKey: 'form-0001-abcd', clinicCode: 'BJ02', day: '2026-11-27', partOfDay: 'morning', name: '张小明', phone: '13800138000' }
    const booked = await app.request('POST', '/api/mp/appointments', { token, body })
    expect(booked.status).toBe(201)
    expect(booked.body).toMatchObject({ clinicCode: 'BJ02', clinicName: '北京海淀口腔医院', day: '2026-11-27', partOfDay: 'morning', status: 'requested', statusText: '待确认', phoneMasked: '138****8000' })
    const again = await app.request('POST', '/api/mp/appointments', { token, body })
    expect(again.body.id).toBe(booked.body.id) // a repeated tap books once

    const staffView = await app.request('GET', '/api/appointments?clinicCode=BJ02', { token: agent })
    expect(staffView.body.items.filter((a: any) => a.id === booked.body.id)).toEqual([expect.objectContaining({ name: '张小明', phone: '13800138000' })])
    const notices = await staffNotices(agent)
    expect(notices).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'appointment_request', title: expect.stringContaining('海淀口腔') })]))

    expect((await app.request('GET', '/api/mp/appointments', { token })).body.items.map((a: any) => a.id)).toEqual([booked.body.id])
    expect((await app.request('POST', `/api/mp/appointments/${booked.body.id}/cancel`, { token: other.token })).status).toBe(404)
    const cancelled = await app.request('POST', `/api/mp/appointments/${booked.body.id}/cancel`, { token })
    expect(cancelled.body).toMatchObject({ status: 'cancelled', statusText: '已取消', cancellable: false })

    const past = await app.request('POST', '/api/mp/appointments', { token, body: { ...body, requestKey: undefined, day: '2026-11-20' } })
    expect(past.status).toBe(422)
    expect(past.body.error.code).toBe('day_in_past')
    const noTime = await app.request('POST', '/api/mp/appointments', { token, body: { ...body, partOfDay: undefined } })
    expect(noTime.status).toBe(400)
  })

  it('files a complaint with a photo on channel miniprogram, at step 2, and tells the supervisor; another member’s case is 404', async () => {
    const supervisor = await app.staffToken(['supervisor'], ['BJ01'])
    const { token } = await mpMember(app, wechat)
    const other = await mpMember(app, wechat)
    const photo = await fetch(`${app.url}/api/mp/photos`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' }, body: PIXEL_PNG })
    expect(photo.status).toBe(201)
    const { id: photoId } = (await photo.json()) as { id: string }
    const notImage = await fetch(`${app.url}/api/mp/photos`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'image/gif' }, body: 'GIF89a' })
    expect(notImage.status).toBe(415)

    const filed = await app.request('POST', '/api/mp/complaints', {
      token,
      body: { clinicCode: 'BJ01', description: '候诊等了两个小时，没有人解释原因。', occurredAt: '2026-11-23T09:00:00+08:00', wants: ['apology', 'explanation'], photoIds: [photoId] },
    })
    expect(filed.status).toBe(201)
    expect(filed.body).toMatchObject({ clinicCode: 'BJ01', status: 'open', firstContacted: false, photoCount: 1, statusText: expect.any(String) })
    expect(new Date(filed.body.firstContactDueAt).getTime()).toBeGreaterThan(TUESDAY_10.getTime())

    const staffCase = await app.request('GET', `/api/complaints/${filed.body.number}`, { token: supervisor })
    expect(staffCase.body).toMatchObject({ channel: 'miniprogram', step: 2, wants: ['apology', 'explanation'], photoIds: [photoId] })
    const picture = await fetch(`${app.url}/api/complaints/${filed.body.number}/photos/${photoId}`, { headers: { authorization: `Bearer ${supervisor}` } })
    expect(picture.status).toBe(200)
    expect(picture.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await picture.arrayBuffer()).equals(PIXEL_PNG)).toBe(true)
    expect((await fetch(`${app.url}/api/complaints/${filed.body.number}/photos/${'0'.repeat(24)}`, { headers: { authorization: `Bearer ${supervisor}` } })).status).toBe(404)
    expect(await staffNotices(supervisor)).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'complaint_filed', title: expect.stringContaining(filed.body.number) })]))

    expect((await app.request('GET', '/api/mp/complaints', { token })).body.items.map((c: any) => c.number)).toEqual([filed.body.number])
    expect((await app.request('GET', `/api/mp/complaints/${filed.body.number}`, { token })).status).toBe(200)
    expect((await app.request('GET', `/api/mp/complaints/${filed.body.number}`, { token: other.token })).status).toBe(404)
    const stolenPhoto = await app.request('POST', '/api/mp/complaints', { token: other.token, body: { clinicCode: 'BJ01', description: '测试', photoIds: [photoId] } })
    expect(stolenPhoto.status).toBe(422)
    expect(stolenPhoto.body.error.code).toBe('unknown_photo')
  })

  it('gives a member without a chat their survey in the mini program, lists it and records the answers; another member’s survey is 404', async () => {
    const { token, memberId } = await mpMember(app, wechat)
    const other = await mpMember(app, wechat)
    await visit(app, memberId, 'no_spend', '2026-11-23 10:00')
    await runJob(app, 'surveys.invite', TUESDAY_10)
    const surveys = await app.request('GET', '/api/mp/surveys', { token })
    expect(surveys.status).toBe(200)
    expect(surveys.body.items).toHaveLength(1)
    const survey = surveys.body.items[0]
    expect(survey.questions.length).toBeGreaterThan(0)
    const answers = survey.questions.map((q: any) => (q.kind === 'score' ? { questionId: q.id, score: 5 } : q.kind === 'choice' ? { questionId: q.id, choice: q.options[0].id } : { questionId: q.id, text: '医生很耐心，谢谢！' }))
    expect((await app.request('POST', `/api/mp/surveys/${survey.id}/answers`, { token: other.token, body: { answers } })).status).toBe(404)
    const answered = await app.request('POST', `/api/mp/surveys/${survey.id}/answers`, { token, body: { answers } })
    expect(answered.status).toBe(200)
    expect(answered.body).toMatchObject({ complete: true, thanks: expect.any(String) })
    const staffView = await app.request('GET', `/api/surveys/invitations?memberId=${memberId}`, { token: admin })
    expect(staffView.body.items[0]).toMatchObject({ status: 'answered', score: 5 })
    const stored = await invitationModel(app.deps.db).findById(survey.id).lean<any>()
    expect(stored.channel).toBe('miniprogram') // no chat: the mini program carried it
    expect(stored.conversationId ?? null).toBeNull()
    expect((await app.request('GET', '/api/mp/surveys', { token })).body.items).toEqual([])
    const twice = await app.request('POST', `/api/mp/surveys/${survey.id}/answers`, { token, body: { answers } })
    expect(twice.status).toBe(409)
  })

  it('redeems a gift for points, tells the clinic, and refuses when points run short', async () => {
    const agent = await app.staffToken(['agent'], ['BJ01'])
    const { token, memberId } = await mpMember(app, wechat)
    const gift = await app.request('POST', '/api/gifts', { token: admin, body: { name: '护眼热敷贴', description: '一盒 10 片', pointsCost: 300, stock: 5 } })
    expect(gift.status).toBe(201)
    const adjusted = await app.request('POST', `/api/members/${memberId}/points/adjust`, { token: admin, body: { delta: 500, reason: '测试积分' } })
    expect(adjusted.status).toBe(200)
    const gifts = await app.request('GET', '/api/mp/gifts', { token })
    expect(gifts.body.balance).toBe(500)
    expect(gifts.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: gift.body.id, pointsCost: 300, stock: 5 })]))
    const redeemed = await app.request('POST', `/api/mp/gifts/${gift.body.id}/redeem`, { token })
    expect(redeemed.status).toBe(200)
    expect(redeemed.body).toMatchObject({ balance: 200, giftName: '护眼热敷贴', pickUpAt: { code: 'BJ01' } })
    expect(await staffNotices(agent)).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'gift_redeemed' })]))
    const points = await app.request('GET', '/api/mp/points', { token })
    expect(points.body).toMatchObject({ balance: 200, total: 2 })
    expect(points.body.items[0]).toMatchObject({ deltaPoints: -300, reason: expect.stringContaining('护眼热敷贴') })
    const short = await app.request('POST', `/api/mp/gifts/${gift.body.id}/redeem`, { token })
    expect(short.status).toBe(422)
    expect(short.body.error.code).toBe('insufficient_points')
  })

  it('gives a member code the counter can look up for five minutes, with the usable coupons', async () => {
    const { token, memberId } = await mpMember(app, wechat)
    await grantWelcomeCoupon(app.deps, memberId)
    const counter = await app.staffToken(['agent'])
    const card = await app.request('GET', '/api/mp/card-code', { token })
    expect(card.body).toMatchObject({ code: expect.stringMatching(/^\d{12}$/), refreshAfterSeconds: 60 })
    expect(new Date(card.body.expiresAt).getTime() - TUESDAY_10.getTime()).toBe(5 * 60_000)

    const typed = `${card.body.code.slice(0, 4)} ${card.body.code.slice(4, 8)} ${card.body.code.slice(8)}`
    const found = await app.request('POST', '/api/counter/member-code', { token: counter, body: { code: typed } })
    expect(found.status).toBe(200)
    expect(found.body.member.id).toBe(memberId)
    expect(found.body.coupons).toEqual([expect.objectContaining({ status: 'issued', amount: 50 })])

    const wrongDigit = card.body.code.slice(0, 11) + String((Number(card.body.code[11]) + 1) % 10)
    const typo = await app.request('POST', '/api/counter/member-code', { token: counter, body: { code: wrongDigit } })
    expect(typo.status).toBe(422)
    expect(typo.body.error.code).toBe('member_code_invalid')
    expect((await app.request('POST', '/api/counter/member-code', { token, body: { code: card.body.code } })).status).toBe(401)

    clock.advance(5 * 60_000)
    try {
      const expired = await app.request('POST', '/api/counter/member-code', { token: counter, body: { code: card.body.code } })
      expect(expired.status).toBe(410)
      expect(expired.body.error.code).toBe('member_code_expired')
    } finally {
      clock.set(TUESDAY_10)
    }
  })
})
