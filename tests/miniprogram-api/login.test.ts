import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { grantWelcomeCoupon } from '../../core/coupons/service.ts'
import { identityKey, memberModel } from '../../core/members/model.ts'
import { joinAsMember, updateContactDetails } from '../../core/members/service.ts'
import { rememberUnionId } from '../../core/members/unions.ts'
import { startFakeWechat, wechatEnv, type FakeWechat } from '../helpers/fake-wechat.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { memberWithChat, visit } from '../surveys/factories.ts'
import { mpLogin, mpMember, newOpenid, newPhone } from './mp-kit.ts'
import { Types } from 'mongoose'

describe('mini program login and phone binding', () => {
  let app: TestApp
  let wechat: FakeWechat

  beforeAll(async () => {
    wechat = await startFakeWechat()
    app = await startTestApp({ env: wechatEnv(wechat) })
  })
  afterAll(async () => {
    await app?.stop()
    await wechat?.close()
  })

  it('logs a new WeChat user in without a member, and never hands out the session_key', async () => {
    const res = await app.request('POST', '/api/mp/login', { body: { code: wechat.loginCode(newOpenid()) } })
    expect(res.status).toBe(200)
    expect(res.body.member).toBeNull()
    expect(JSON.stringify(res.body)).not.toMatch(/session_key|sessionKey/)
    expect(new Date(res.body.expiresAt).getTime()).toBeGreaterThan(Date.now())
    const me = await app.request('GET', '/api/mp/me', { token: res.body.token })
    expect(me.status).toBe(200)
    expect(me.body).toEqual({ member: null })
    const coupons = await app.request('GET', '/api/mp/coupons', { token: res.body.token })
    expect(coupons.status).toBe(403)
    expect(coupons.body.error.code).toBe('member_required')
  })

  it('refuses bad and reused codes with 401, and maps WeChat’s limits to clear errors', async () => {
    const bad = await app.request('POST', '/api/mp/login', { body: { code: 'not-a-code' } })
    expect(bad.status).toBe(401)
    expect(bad.body.error).toMatchObject({ code: 'wechat_code_invalid' })
    expect(bad.body.error.message).toMatch(/登录凭证/)

    const code = wechat.loginCode(newOpenid())
    expect((await app.request('POST', '/api/mp/login', { body: { code } })).status).toBe(200)
    const reused = await app.request('POST', '/api/mp/login', { body: { code } })
    expect(reused.status).toBe(401)
    expect(reused.body.error.code).toBe('wechat_code_invalid')

    wechat.failNext('/sns/jscode2session', 45011)
    const limited = await app.request('POST', '/api/mp/login', { body: { code: wechat.loginCode(newOpenid()) } })
    expect(limited.status).toBe(429)
    expect(limited.body.error).toMatchObject({ code: 'wechat_rate_limited', message: expect.stringMatching(/太频繁/) })

    wechat.failNext('/sns/jscode2session', 40226)
    const risky = await app.request('POST', '/api/mp/login', { body: { code: wechat.loginCode(newOpenid()) } })
    expect(risky.status).toBe(403)
    expect(risky.body.error.code).toBe('wechat_user_risky')

    const missing = await app.request('POST', '/api/mp/login', { body: {} })
    expect(missing.status).toBe(400)
  })

  it('keeps member and staff tokens apart', async () => {
    const { token: memberToken } = await mpLogin(app, wechat)
    const staffToken = await app.login()
    expect((await app.request('GET', '/api/members', { token: memberToken })).status).toBe(401)
    expect((await app.request('GET', '/api/staff', { token: memberToken })).status).toBe(401)
    expect((await app.request('GET', '/api/mp/me', { token: staffToken })).status).toBe(401)
    expect((await app.request('GET', '/api/mp/me')).status).toBe(401)
    expect((await app.request('GET', '/api/mp/me', { token: 'm1.forged.token' })).status).toBe(401)
  })

  it('creates a member when a new phone is bound, and the next login finds them', async () => {
    const phone = newPhone()
    const { token, openid } = await mpLogin(app, wechat)
    const bound = await app.request('POST', '/api/mp/phone', { token, body: { code: wechat.phoneCode(phone) } })
    expect(bound.status).toBe(200)
    expect(bound.body.created).toBe(true)
    expect(bound.body.member).toMatchObject({ phoneMasked: `${phone.slice(0, 3)}****${phone.slice(-4)}`, tier: 'D', tierName: '普通会员', points: 0, optedOut: false })
    expect(bound.body.member.clinic).toMatchObject({ code: 'BJ01', location: { latitude: expect.any(Number), longitude: expect.any(Number) } })
    const stored = await memberModel(app.deps.db).findById(bound.body.member.id).lean<any>()
    expect(stored).toMatchObject({ phone, status: 'active', joinChannel: 'miniprogram' })

    const again = await mpLogin(app, wechat, openid)
    expect(again.member).toMatchObject({ id: bound.body.member.id })
    const me = await app.request('GET', '/api/mp/me', { token: again.token })
    expect(me.body.member.id).toBe(bound.body.member.id)

    const reused = await app.request('POST', '/api/mp/phone', { token, body: { code: 'phone-reused-or-bad' } })
    expect(reused.status).toBe(401)
    expect(reused.body.error.code).toBe('wechat_code_invalid')
  })

  it('links the chat member who holds the phone, with their coupons', async () => {
    const phone = newPhone()
    const { memberId } = await memberWithChat(app, { name: '李女士' })
    await updateContactDetails(app.deps, memberId, { phone })
    await grantWelcomeCoupon(app.deps, memberId)
    const { token } = await mpLogin(app, wechat)
    const bound = await app.request('POST', '/api/mp/phone', { token, body: { code: wechat.phoneCode(phone) } })
    expect(bound.status).toBe(200)
    expect(bound.body).toMatchObject({ created: false, member: { id: memberId, name: '李女士' } })
    const coupons = await app.request('GET', '/api/mp/coupons?status=usable', { token })
    expect(coupons.body.items).toEqual([expect.objectContaining({ amount: 50, threshold: 500, status: 'usable' })])
  })

  it('activates a member created from a visit import, keeping the visit’s points', async () => {
    const phone = newPhone()
    await visit(app, { phone }, 'non_surgical', '2026-11-20 10:00')
    const pending = await memberModel(app.deps.db).findOne({ phone }).lean<any>()
    expect(pending.status).toBe('pending')
    const { member } = await mpMember(app, wechat, phone)
    expect(member.id).toBe(String(pending._id))
    expect(member.points).toBeGreaterThan(0)
    expect((await memberModel(app.deps.db).findById(pending._id).lean<any>()).status).toBe('active')
  })

  it('finds the member by unionid when WeChat gives one', async () => {
    const externalId = `wm-${new Types.ObjectId()}`
    const { member } = await joinAsMember(app.deps, { channel: 'wecom', externalId, name: '周先生', clinicCode: 'BJ01' })
    const memberId = member.id
    const unionid = `union-${new Types.ObjectId()}`
    await rememberUnionId(app.deps, unionid, identityKey('wecom', externalId))
    const login = await mpLogin(app, wechat, newOpenid(), { unionid })
    expect(login.member).toMatchObject({ id: memberId, name: '周先生' })
  })

  it('refuses a phone another member holds through the mini program', async () => {
    const first = await mpMember(app, wechat)
    const other = await mpMember(app, wechat)
    const res = await app.request('POST', '/api/mp/phone', { token: other.token, body: { code: wechat.phoneCode(first.phone) } })
    expect(res.status).toBe(409)
    expect(res.body.error.code).toBe('phone_taken')
  })

  it('lets a member opt out of greetings and back in, and change their name', async () => {
    const { token, memberId } = await mpMember(app, wechat)
    const out = await app.request('POST', '/api/mp/me/opt-out', { token, body: { optedOut: true } })
    expect(out.body.member.optedOut).toBe(true)
    expect((await memberModel(app.deps.db).findById(memberId).lean<any>()).optedOut).toBe(true)
    const back = await app.request('POST', '/api/mp/me/opt-out', { token, body: { optedOut: false } })
    expect(back.body.member.optedOut).toBe(false)
    const named = await app.request('POST', '/api/mp/me', { token, body: { name: '陈小姐' } })
    expect(named.body.member.name).toBe('陈小姐')
  })
})
