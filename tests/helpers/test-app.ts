import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, inject } from 'vitest'
import { startCareDesk, type RunningCareDesk } from '../../caredesk.ts'
import { systemClock, type Clock } from '../../platform/clock.ts'
import { loadConfig } from '../../platform/config.ts'
import type { Role } from '../../core/staff/roles.ts'
import { openApiChecker } from './openapi-check.ts'

export const ADMIN = { username: 'admin', password: 'admin-password-1' }

/** A URI for a database of its own on the test run's server (works for replica-set URIs too). */
export function testDatabaseUri(dbName = `t_${randomBytes(5).toString('hex')}`): string {
  const base = inject('mongoBaseUri')
  const [hosts, query] = base.split('?')
  const withDb = hosts.replace(/^(mongodb(?:\+srv)?:\/\/[^/]+)(\/.*)?$/, `$1/${dbName}`)
  return query ? `${withDb}?${query}` : withDb
}

export interface ApiResponse<T = any> {
  status: number
  body: T
  headers: Headers
}

export interface TestApp extends RunningCareDesk {
  request<T = any>(method: string, path: string, options?: { body?: unknown; token?: string; headers?: Record<string, string>; raw?: string }): Promise<ApiResponse<T>>
  login(username?: string, password?: string): Promise<string>
  /** Creates a staff account with the given roles and answers a token for it. */
  staffToken(roles: Role[], clinicCodes?: string[]): Promise<string>
}

/** The real app (real server on a free port, real database) as a test starts it. */
export async function startTestApp(options: { env?: Record<string, string>; clock?: Clock; dbName?: string } = {}): Promise<TestApp> {
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'caredesk-test-')),
    MONGODB_URI: testDatabaseUri(options.dbName),
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'silent',
    JOBS_ENABLED: 'false',
    // Fast pacing so tests don't wait on WeChat's real rate; the outbox test sets its own.
    SEND_RATE_PER_MINUTE: '6000',
    SEND_BURST: '20',
    STAFFED_HOURS: '',
    ...options.env,
  })
  const running = await startCareDesk({ config, clock: options.clock ?? systemClock })
  let staffCounter = 0
  let checkAnswer: ReturnType<typeof openApiChecker> | undefined
  /** Every answer a test gets is held to the served OpenAPI document: a test that meets an undeclared status or body fails. */
  const documented = async () => (checkAnswer ??= openApiChecker((await (await fetch(`${running.url}/api/openapi.json`)).json()) as Parameters<typeof openApiChecker>[0]))

  const request: TestApp['request'] = async (method, path, { body, token, headers = {}, raw } = {}) => {
    const response = await fetch(`${running.url}${path}`, {
      method,
      headers: {
        ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    })
    const text = await response.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : null
    } catch {
      /* not JSON: keep the text */
    }
    const mismatch = (await documented())(method, path, response.status, response.headers.get('content-type') ?? '', parsed)
    if (mismatch) throw new Error(`The answer disagrees with /api/openapi.json: ${mismatch}`)
    return { status: response.status, body: parsed as any, headers: response.headers }
  }

  const login = async (username = ADMIN.username, password = ADMIN.password) => {
    const res = await request('POST', '/api/auth/login', { body: { username, password } })
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`)
    return res.body.token as string
  }

  const staffToken = async (roles: Role[], clinicCodes: string[] = []) => {
    const adminToken = await login()
    const username = `staff${++staffCounter}_${randomBytes(3).toString('hex')}`
    const password = 'staff-password-1'
    const res = await request('POST', '/api/staff', { token: adminToken, body: { username, name: '测试员工', password, roles, clinicCodes } })
    if (res.status !== 201) throw new Error(`staff creation failed: ${res.status} ${JSON.stringify(res.body)}`)
    return login(username, password)
  }

  return { ...running, request, login, staffToken }
}

/**
 * In a describe block: the app started before its tests and stopped after them. The field is filled in by
 * beforeAll, so read it inside the tests and hooks (suite.app), not when the block is declared.
 */
export function useTestApp(options: Parameters<typeof startTestApp>[0] = {}): { app: TestApp } {
  const suite = {} as { app: TestApp }
  beforeAll(async () => {
    suite.app = await startTestApp(options)
  })
  afterAll(() => suite.app?.stop())
  return suite
}

/** Who a token is for: roles, and the clinics they are limited to (none: every clinic). */
export type StaffSpec = Role[] | { roles: Role[]; clinicCodes: string[] }

/**
 * In a describe block, after the app's set-up: a staff token for each name, made in beforeAll
 * (`const tokens = useStaffTokens(() => suite.app, { agent: ['agent'] })`, then tokens.agent in the tests).
 */
export function useStaffTokens<Name extends string>(app: () => TestApp, staff: Record<Name, StaffSpec>): Record<Name, string> {
  const tokens = {} as Record<Name, string>
  beforeAll(async () => {
    for (const [name, spec] of Object.entries(staff) as Array<[Name, StaffSpec]>) {
      tokens[name] = Array.isArray(spec) ? await app().staffToken(spec) : await app().staffToken(spec.roles, spec.clinicCodes)
    }
  })
  return tokens
}
