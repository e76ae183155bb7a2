import type { Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, expect } from 'vitest'
import type { Role } from '../../core/staff/roles.ts'
import { missingBrowser, openConsoleBrowser, type ConsoleBrowser } from './console-browser.ts'
import { startTestApp, type TestApp } from './test-app.ts'

export interface SuiteStaff {
  username: string
  password: string
  name: string
  roles: Role[]
  clinicCodes?: string[]
}

export interface ConsoleSuite {
  app: TestApp
  adminToken: string
  browser: ConsoleBrowser
  page: Page
  /** Uncaught errors in the pages; a test that expects none checks this. */
  pageErrors: string[]
}

export interface ConsoleSuiteOptions {
  app?: Parameters<typeof startTestApp>[0]
  /** What the tests start from, made through the app before the browser opens. */
  seed?: (suite: ConsoleSuite) => Promise<void>
  /** Runs the browser on the app's clock, for pages that show dates or read a session's expiry. */
  browserOnAppClock?: boolean
}

/**
 * The set-up of a console suite inside a `describe`: the real app with these staff accounts (each
 * created by the admin through POST /api/staff), and Chromium on it. The fields are filled in by
 * beforeAll, so read them inside the tests (suite.page, suite.app). Without a browser every test
 * fails with the reason (none is skipped).
 */
export function consoleSuite(staff: SuiteStaff[], options: ConsoleSuiteOptions = {}): ConsoleSuite {
  const noBrowser = missingBrowser()
  const suite = { pageErrors: [] as string[] } as ConsoleSuite
  beforeAll(async () => {
    if (noBrowser) return
    suite.app = await startTestApp(options.app)
    suite.adminToken = await suite.app.login()
    for (const member of staff) {
      const res = await suite.app.request('POST', '/api/staff', { token: suite.adminToken, body: { clinicCodes: [], ...member } })
      expect(res.status).toBe(201)
    }
    await options.seed?.(suite)
    suite.browser = await openConsoleBrowser(suite.app.url)
    if (options.browserOnAppClock) await suite.browser.context.clock.install({ time: suite.app.deps.clock.now() })
    suite.page = suite.browser.page
    suite.page.on('pageerror', (err) => suite.pageErrors.push(err.message))
  }, 240_000)
  beforeEach(() => {
    if (noBrowser) throw noBrowser
  })
  afterAll(async () => {
    await suite.browser?.close()
    await suite.app?.stop()
  })
  return suite
}
