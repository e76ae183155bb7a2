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

/**
 * The set-up of a console suite inside a `describe`: the real app with these staff accounts, and
 * Chromium on it. Without a browser every test fails with the reason (none is skipped).
 */
export function consoleSuite(staff: SuiteStaff[], options: Parameters<typeof startTestApp>[0] = {}) {
  const noBrowser = missingBrowser()
  const suite = {} as { app: TestApp; browser: ConsoleBrowser; page: Page }
  beforeAll(async () => {
    if (noBrowser) return
    suite.app = await startTestApp(options)
    const adminToken = await suite.app.login()
    for (const member of staff) {
      const res = await suite.app.request('POST', '/api/staff', { token: adminToken, body: { clinicCodes: [], ...member } })
      expect(res.status).toBe(201)
    }
    suite.browser = await openConsoleBrowser(suite.app.url)
    suite.page = suite.browser.page
  }, 180_000)
  beforeEach(() => {
    if (noBrowser) throw noBrowser
  })
  afterAll(async () => {
    await suite.browser?.close()
    await suite.app?.stop()
  })
  return suite
}
