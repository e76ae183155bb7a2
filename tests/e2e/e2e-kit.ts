/** What the console's browser tests share: staff accounts made through the API, and the hooks around the browser and the app. */
import { afterAll, beforeEach, expect } from 'vitest'
import type { Role } from '../../core/staff/roles.ts'
import type { ConsoleBrowser } from '../helpers/console-browser.ts'
import type { TestApp } from '../helpers/test-app.ts'

export interface StaffAccount {
  username: string
  password: string
  name: string
}

/** Creates the accounts as an admin does (POST /api/staff), each for every clinic. */
export async function addStaff(app: TestApp, adminToken: string, accounts: ReadonlyArray<readonly [StaffAccount, readonly Role[]]>) {
  for (const [who, roles] of accounts) {
    const res = await app.request('POST', '/api/staff', { token: adminToken, body: { ...who, roles, clinicCodes: [] } })
    expect(res.status).toBe(201)
  }
}

/**
 * In a describe block, after its beforeAll: without a browser every test fails with noBrowser (none is skipped);
 * after the tests the browser is closed and the app stopped (`running` is read then, once beforeAll has set them).
 */
export function browserTestHooks(noBrowser: Error | null, running: () => { browser?: ConsoleBrowser; app?: TestApp }) {
  beforeEach(() => {
    if (noBrowser) throw noBrowser
  })

  afterAll(async () => {
    const { browser, app } = running()
    await browser?.close()
    await app?.stop()
  })
}
