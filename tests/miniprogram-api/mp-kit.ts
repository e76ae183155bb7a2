import { randomBytes } from 'node:crypto'
import { expect } from 'vitest'
import type { FakeWechat } from '../helpers/fake-wechat.ts'
import type { TestApp } from '../helpers/test-app.ts'

/** A fresh mobile number for a test member. */
export const newPhone = () => `139${String(randomBytes(4).readUInt32BE(0) % 100_000_000).padStart(8, '0')}`
export const newOpenid = () => `o-${randomBytes(6).toString('hex')}`

/** Logs a WeChat user into the mini program; answers the token and the member (or null). */
export async function mpLogin(app: TestApp, wechat: FakeWechat, openid = newOpenid(), options: { unionid?: string } = {}) {
  const res = await app.request('POST', '/api/mp/login', { body: { code: wechat.loginCode(openid, options) } })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return { openid, token: res.body.token as string, member: res.body.member }
}

/** A mini program user who bound their phone: a member. */
export async function mpMember(app: TestApp, wechat: FakeWechat, phone = newPhone()) {
  const { token, openid } = await mpLogin(app, wechat)
  const res = await app.request('POST', '/api/mp/phone', { token, body: { code: wechat.phoneCode(phone) } })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return { token, openid, phone, memberId: res.body.member.id as string, member: res.body.member }
}
