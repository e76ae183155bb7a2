/**
 * The staff console in a real browser for end-to-end tests: Debian's Chromium driven by
 * playwright-core against a test app. Screenshots go to docs/screenshots under
 * `npm run screenshots`, otherwise to tests/.tmp so a test run leaves the repository unchanged.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { expect } from 'vitest'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const SHOTS = resolve(ROOT, process.env.CAREDESK_SCREENSHOTS ?? 'tests/.tmp/screenshots')
/** How long a live update may take to show. */
export const LIVE = 20_000

export interface ConsoleBrowser {
  context: BrowserContext
  page: Page
  close(): Promise<void>
}

/** Why the browser tests cannot run here, or null. Every test should fail with it (none is skipped). */
export function missingBrowser(): Error | null {
  if (existsSync(CHROMIUM)) return null
  return new Error(`Chromium is needed for the console's end-to-end tests and was not found at ${CHROMIUM}. Install Debian's package (apt-get install chromium), as .ci/run does, or set CHROMIUM_PATH.`)
}

/** `npm install` builds the console; build it here too when it is missing or older than its sources. */
function ensureConsoleBuilt() {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-console.mjs'), '--if-stale'], { cwd: ROOT, stdio: 'inherit' })
  if (!existsSync(join(ROOT, 'server/console/dist/index.html'))) throw new Error('The staff console could not be built (see the output above).')
}

/** A headless Chromium at the app's address, 1440×900, in Chinese and Beijing time. */
export async function openConsoleBrowser(baseURL: string): Promise<ConsoleBrowser> {
  ensureConsoleBuilt()
  mkdirSync(SHOTS, { recursive: true })
  const userDataDir = mkdtempSync(join(tmpdir(), 'caredesk-chromium-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    baseURL,
  })
  context.setDefaultTimeout(LIVE)
  const page = context.pages()[0] ?? (await context.newPage())
  return {
    context,
    page,
    async close() {
      await context.close()
      rmSync(userDataDir, { recursive: true, force: true })
    },
  }
}

export const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) })

export async function logIn(page: Page, who: { username: string; password: string }) {
  await page.goto('/')
  await expect.poll(() => new URL(page.url()).pathname).toBe('/login')
  await page.locator('input[autocomplete=username]').fill(who.username)
  await page.locator('input[autocomplete=current-password]').fill(who.password)
  await page.getByRole('button', { name: '登录' }).click()
  await page.locator('.shell-header').waitFor()
}

/** Logs out whoever is in, then logs `who` in. */
export async function switchUser(page: Page, who: { username: string; password: string }) {
  if (await page.getByRole('button', { name: '退出' }).isVisible()) await page.getByRole('button', { name: '退出' }).click()
  await logIn(page, who)
}
