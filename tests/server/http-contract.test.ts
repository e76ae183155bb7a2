import { describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/test-app.ts'

describe('the HTTP contract conventions', () => {
  const suite = useTestApp()

  it('GET /healthz says the database is up', async () => {
    const res = await suite.app.request('GET', '/healthz')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ ok: true, db: 'up' })
  })

  it('malformed JSON is a 400 with the error shape', async () => {
    const res = await suite.app.request('POST', '/api/auth/login', { raw: '{"username": "admin",' })
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ error: { code: 'malformed_json', message: 'The request body is not valid JSON.' } })
  })

  it('a body that fails validation is a 400 naming the field', async () => {
    const res = await suite.app.request('POST', '/api/auth/login', { body: { username: 'admin' } })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('validation_failed')
    expect(res.body.error.message).toContain('password')
  })

  it('an unknown route is a 404 with the error shape', async () => {
    const res = await suite.app.request('GET', '/api/no-such-thing')
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'No route for GET /api/no-such-thing.' } })
  })

  it('every response carries a request id, and a sane incoming one is kept', async () => {
    const res = await suite.app.request('GET', '/healthz', { headers: { 'x-request-id': 'abc-123' } })
    expect(res.headers.get('x-request-id')).toBe('abc-123')
    expect((await suite.app.request('GET', '/healthz')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('the sandbox clinics are seeded: at least one local and one remote', async () => {
    const res = await suite.app.request('GET', '/api/clinics')
    expect(res.status).toBe(200)
    expect(res.body.total).toBeGreaterThanOrEqual(2)
    const regions = res.body.items.map((c: { region: string }) => c.region)
    expect(regions).toContain('local')
    expect(regions).toContain('remote')
    expect(res.body.items[0]).toEqual(expect.objectContaining({ code: expect.any(String), name: expect.any(String), phone: expect.any(String), address: expect.any(String), hours: expect.any(String) }))
  })

  it('GET /api/openapi.json documents the routes from the same schemas that validate them', async () => {
    const res = await suite.app.request('GET', '/api/openapi.json')
    expect(res.status).toBe(200)
    expect(res.body.openapi).toBe('3.1.0')
    const login = res.body.paths['/api/auth/login'].post
    expect(login.requestBody.content['application/json'].schema.required).toEqual(['username', 'password'])
    expect(res.body.paths['/api/staff'].post.responses).toHaveProperty('409')
    expect(res.body.paths['/api/clinics'].get).toBeDefined()
  })

  it('the document declares the shared statuses and the error shape with its optional details', async () => {
    const { paths } = (await suite.app.request('GET', '/api/openapi.json')).body
    const claim = paths['/api/conversations/{id}/claim'].post.responses
    expect(Object.keys(claim)).toEqual(['200', '400', '401', '403', '404', '409', '413'])
    const error = claim['409'].content['application/json'].schema
    expect(error.properties.error.properties).toHaveProperty('details')
    expect(error.properties.error.required).toEqual(['code', 'message'])
    expect(paths['/api/surveys/report'].get.responses['422'].description).toMatch(/invalid_date/)
    expect(paths['/api/jobs/{name}/run'].post.responses).toHaveProperty('422')
    expect(paths['/api/nlu/parse'].post.responses['200'].content['application/json'].schema.properties).toHaveProperty('alternatives')
    expect(paths['/api/surveys/report'].get.responses['200'].content).toHaveProperty(['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'])
  })

  it('a body over 1 MB is a 413 with the error shape', async () => {
    const res = await suite.app.request('POST', '/api/auth/login', { raw: JSON.stringify({ username: 'admin', password: 'x'.repeat(1024 * 1024) }) })
    expect(res.status).toBe(413)
    expect(res.body.error.code).toBe('payload_too_large')
  })

  it('a query string over Node’s 16 KB header limit is refused with 431 before any route', async () => {
    const res = await suite.app.request('GET', `/api/members?query=${'x'.repeat(24 * 1024)}`)
    expect(res.status).toBe(431)
  })

  it('GET /api/docs serves Swagger UI from node_modules, pointed at the served document', async () => {
    const page = await suite.app.request('GET', '/api/docs')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/text\/html/)
    for (const src of String(page.body).match(/(?:src|href)="(\/api\/docs\/[^"]+)"/g)!.map((m) => m.split('"')[1])) {
      expect((await suite.app.request('GET', src)).status, src).toBe(200)
    }
    expect(String((await suite.app.request('GET', '/api/docs/caredesk-initializer.js')).body)).toContain("url: '/api/openapi.json'")
    expect((await suite.app.request('GET', '/api/docs/package.json')).status).toBe(404) // only Swagger UI's page files
  })
})
