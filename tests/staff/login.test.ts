import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../platform/clock.ts'
import { ADMIN, useTestApp } from '../helpers/test-app.ts'

describe('staff login and roles', () => {
  const clock = fixedClock('2026-11-23T02:00:00Z')

  const suite = useTestApp({ clock })

  it('the first admin from ADMIN_USERNAME/ADMIN_PASSWORD can log in and gets a bearer token', async () => {
    const res = await suite.app.request('POST', '/api/auth/login', { body: ADMIN })
    expect(res.status).toBe(200)
    expect(res.body.token).toMatch(/^v1\./)
    expect(res.body.staff).toMatchObject({ name: '系统管理员', roles: ['admin'] })
    const me = await suite.app.request('GET', '/api/auth/me', { token: res.body.token })
    expect(me.body).toMatchObject({ username: ADMIN.username, roles: ['admin'] })
  })

  it('a wrong password is refused with 401 and the error shape', async () => {
    const res = await suite.app.request('POST', '/api/auth/login', { body: { username: ADMIN.username, password: 'wrong-password' } })
    expect(res.status).toBe(401)
    expect(res.body).toEqual({ error: { code: 'unauthorized', message: 'Wrong username or password.' } })
  })

  it('many wrong passwords for one username lock it out with 429, even with the right password', async () => {
    const adminToken = await suite.app.login()
    await suite.app.request('POST', '/api/staff', { token: adminToken, body: { username: 'lina', name: '李娜', password: 'right-password', roles: ['agent'] } })
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) {
      statuses.push((await suite.app.request('POST', '/api/auth/login', { body: { username: 'lina', password: `guess-${i}` } })).status)
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429])
    const right = await suite.app.request('POST', '/api/auth/login', { body: { username: 'lina', password: 'right-password' } })
    expect(right.status).toBe(429)
    expect(right.body.error.code).toBe('too_many_requests')

    clock.advance(16 * 60_000) // the window passes
    expect((await suite.app.request('POST', '/api/auth/login', { body: { username: 'lina', password: 'right-password' } })).status).toBe(200)
  })

  it('a call without a token is 401', async () => {
    const res = await suite.app.request('GET', '/api/staff')
    expect(res.status).toBe(401)
    expect(res.body.error.code).toBe('unauthorized')
  })

  it('a forged or tampered token is 401', async () => {
    const token = await suite.app.login()
    const [v, claims] = token.split('.')
    const forgedClaims = Buffer.from(JSON.stringify({ sub: 'aaaaaaaaaaaaaaaaaaaaaaaa', iat: 1, exp: 9_999_999_999 })).toString('base64url')
    for (const forged of [`${v}.${forgedClaims}.${token.split('.')[2]}`, `${v}.${claims}.AAAA`, 'not-a-token']) {
      expect((await suite.app.request('GET', '/api/staff', { token: forged })).status).toBe(401)
    }
  })

  it('an expired token is 401', async () => {
    const token = await suite.app.login()
    clock.advance(13 * 3600_000) // TOKEN_TTL_HOURS defaults to 12
    expect((await suite.app.request('GET', '/api/staff', { token })).status).toBe(401)
  })

  it('a role without the right is refused with 403', async () => {
    const agentToken = await suite.app.staffToken(['agent'])
    const res = await suite.app.request('GET', '/api/staff', { token: agentToken })
    expect(res.status).toBe(403)
    expect(res.body.error.code).toBe('forbidden')
  })

  it('an admin creates staff; a taken username is a 409 from the unique index', async () => {
    const token = await suite.app.login()
    const body = { username: 'wang.fang', name: '王芳', password: 'long-enough-1', roles: ['supervisor'], clinicCodes: ['BJ01'] }
    const created = await suite.app.request('POST', '/api/staff', { token, body })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ username: 'wang.fang', name: '王芳', roles: ['supervisor'], clinicCodes: ['BJ01'] })
    expect(created.body).not.toHaveProperty('passwordHash')

    const again = await suite.app.request('POST', '/api/staff', { token, body })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('username_taken')

    const list = await suite.app.request('GET', '/api/staff?limit=100', { token })
    expect(list.status).toBe(200)
    expect(list.body.items.map((s: { username: string }) => s.username)).toContain('wang.fang')
    expect(list.body.total).toBe(list.body.items.length)
  })

  it('creating staff for an unknown clinic or with a bad role is refused', async () => {
    const token = await suite.app.login()
    const unknownClinic = await suite.app.request('POST', '/api/staff', {
      token,
      body: { username: 'zhao', name: '赵', password: 'long-enough-1', roles: ['agent'], clinicCodes: ['XX99'] },
    })
    expect(unknownClinic.status).toBe(422)
    expect(unknownClinic.body.error.code).toBe('unknown_clinic')
    const badRole = await suite.app.request('POST', '/api/staff', { token, body: { username: 'zhao', name: '赵', password: 'long-enough-1', roles: ['boss'] } })
    expect(badRole.status).toBe(400)
    expect(badRole.body.error.code).toBe('validation_failed')
  })
})
