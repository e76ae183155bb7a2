import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'

describe('the HTTP contract conventions', () => {
  let app: TestApp
  beforeAll(async () => {
    app = await startTestApp()
  })
  afterAll(() => app?.stop())

  it('GET /healthz says the database is up', async () => {
    const res = await app.request('GET', '/healthz')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ ok: true, db: 'up' })
  })

  it('malformed JSON is a 400 with the error shape', async () => {
    const res = await app.request('POST', '/api/auth/login', { raw: '{"username": "admin",' })
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ error: { code: 'malformed_json', message: 'The request body is not valid JSON.' } })
  })

  it('a body that fails validation is a 400 naming the field', async () => {
    const res = await app.request('POST', '/api/auth/login', { body: { username: 'admin' } })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('validation_failed')
    expect(res.body.error.message).toContain('password')
  })

  it('an unknown route is a 404 with the error shape', async () => {
    const res = await app.request('GET', '/api/no-such-thing')
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'No route for GET /api/no-such-thing.' } })
  })

  it('every response carries a request id, and a sane incoming one is kept', async () => {
    const res = await app.request('GET', '/healthz', { headers: { 'x-request-id': 'abc-123' } })
    expect(res.headers.get('x-request-id')).toBe('abc-123')
    expect((await app.request('GET', '/healthz')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('the sandbox clinics are seeded: at least one local and one remote', async () => {
    const res = await app.request('GET', '/api/clinics')
    expect(res.status).toBe(200)
    expect(res.body.total).toBeGreaterThanOrEqual(2)
    const regions = res.body.items.map((c: { region: string }) => c.region)
    expect(regions).toContain('local')
    expect(regions).toContain('remote')
    expect(res.body.items[0]).toEqual(expect.objectContaining({ code: expect.any(String), name: expect.any(String), phone: expect.any(String), address: expect.any(String), hours: expect.any(String) }))
  })

  it('GET /api/openapi.json documents the routes from the same schemas that validate them', async () => {
    const res = await app.request('GET', '/api/openapi.json')
    expect(res.status).toBe(200)
    expect(res.body.openapi).toBe('3.1.0')
    const login = res.body.paths['/api/auth/login'].post
    expect(login.requestBody.content['application/json'].schema.required).toEqual(['username', 'password'])
    expect(res.body.paths['/api/staff'].post.responses).toHaveProperty('409')
    expect(res.body.paths['/api/clinics'].get).toBeDefined()
  })
})
