// Builds the staff console (server/console: Vue 3 + TDesign + ECharts) into server/console/dist,
// which the Koa server serves at /. Run by `npm install` (postinstall), by `npm start` when dist is
// missing (--if-missing), by the console's end-to-end test when its sources are newer than the
// build (--if-stale), and by hand with `npm run build:console`.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { giveUpOn, say, took } from './build-report.mjs'

const consoleDir = fileURLToPath(new URL('../server/console/', import.meta.url))
const index = join(consoleDir, 'dist', 'index.html')
const ifMissing = process.argv.includes('--if-missing')
const ifStale = process.argv.includes('--if-stale')
// During `npm install` or `npm start` a missing build tool should not stop everything: the API runs without the console.
const lenient = ifMissing || process.env.npm_lifecycle_event === 'postinstall'

/** The newest modification time among the console's sources. */
function newestSource(dir = consoleDir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs)
  }
  return newest
}

if (existsSync(index)) {
  if (ifMissing) process.exit(0)
  if (ifStale && statSync(index).mtimeMs >= newestSource()) process.exit(0)
}

const giveUp = giveUpOn('staff console', lenient)

// vite 8 (rolldown) needs Node ^20.19 or >= 22.12.
const [major, minor] = process.versions.node.split('.').map(Number)
if (!((major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major > 22)) {
  giveUp(`it needs Node.js >= 20.19 or >= 22.12 (this is ${process.versions.node}); the API runs without it.`)
}

let vite
try {
  vite = await import('vite')
} catch {
  giveUp('vite is not installed (a devDependency: install with dev dependencies, then run `npm run build:console`).')
}

const started = Date.now()
say('building the staff console…')
try {
  await vite.build({ configFile: join(consoleDir, 'vite.config.ts'), logLevel: 'warn' })
} catch (err) {
  console.error(`[caredesk] building the staff console failed: ${err instanceof Error ? err.message : err}`)
  process.exit(1)
}
say(`staff console built into server/console/dist ${took(started)}`)
