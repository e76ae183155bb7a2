// Builds the member mini program (miniprogram/src, TypeScript) into miniprogram/dist, the folder
// miniprogram/project.config.json points WeChat DevTools at and the tests load with
// miniprogram-simulate. Run by `npm install` (postinstall) and by `npm run build:miniprogram`;
// `--out DIR` builds elsewhere (each test process builds its own copy, so parallel test files never
// load a folder another one is rebuilding).
// It does what DevTools' "构建 npm" would: TDesign's miniprogram_dist goes into
// dist/miniprogram_npm/tdesign-miniprogram, turned into CommonJS with the repo's own tsc.
import { execFile } from 'node:child_process'
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { giveUpOn, say, took } from './build-report.mjs'

const root = fileURLToPath(new URL('../miniprogram/', import.meta.url))
const outFlag = process.argv.indexOf('--out')
const dist = outFlag > 0 ? resolve(process.argv[outFlag + 1]) : join(root, 'dist')
const require = createRequire(import.meta.url)
const giveUp = giveUpOn('mini program', process.env.npm_lifecycle_event === 'postinstall')

let tsc, tdesign
try {
  tsc = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc')
  tdesign = join(dirname(require.resolve('tdesign-miniprogram/package.json')), 'miniprogram_dist')
} catch {
  giveUp('typescript or tdesign-miniprogram is not installed (install with dev dependencies, then run `npm run build:miniprogram`).')
}

const compile = (project, outDir) =>
  promisify(execFile)(process.execPath, [tsc, '-p', join(root, project), '--outDir', outDir]).catch((err) => {
    console.error(err.stdout || err.message)
    giveUp(`tsc -p miniprogram/${project} failed (see above).`)
  })

/** Copies every file but the ones tsc emits: WXML, WXSS, JSON, WXS, images. */
function copyAssets(from, to, isSource) {
  cpSync(from, to, { recursive: true, filter: (path) => statSync(path).isDirectory() || !isSource(path) })
}

function* filesUnder(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* filesUnder(path)
    else yield path
  }
}

/** WeChat finds a bare `require('tslib')` in the nearest miniprogram_npm above the file; Node would look in
 * node_modules instead. Writing the path out makes both load the copy inside dist. */
function pinBareRequires(dir) {
  for (const file of filesUnder(dir)) {
    if (!file.endsWith('.js')) continue
    const text = readFileSync(file, 'utf8')
    const pinned = text.replace(/require\("([^."][^"]*)"\)/g, (call, name) => {
      const target = nearestPackage(dirname(file), name)
      if (!target) return call
      const path = relative(dirname(file), target).replaceAll('\\', '/')
      return `require("${path.startsWith('.') ? path : `./${path}`}")`
    })
    if (pinned !== text) writeFileSync(file, pinned)
  }
}

function nearestPackage(from, name) {
  for (let dir = from; dir.startsWith(dist); dir = dirname(dir)) {
    const base = join(dir, 'miniprogram_npm', name)
    for (const candidate of [`${base}.js`, join(base, 'index.js')]) if (existsSync(candidate)) return candidate.slice(0, -3)
  }
  return null
}

const started = Date.now()
rmSync(dist, { recursive: true, force: true })
const tdesignOut = join(dist, 'miniprogram_npm', 'tdesign-miniprogram')
await Promise.all([compile('tsconfig.json', dist), compile('tsconfig.tdesign.json', tdesignOut)])
copyAssets(join(root, 'src'), dist, (path) => path.endsWith('.ts'))
copyAssets(tdesign, tdesignOut, (path) => path.endsWith('.js') || path.endsWith('.d.ts'))
pinBareRequires(tdesignOut)
// The repo is "type": "module"; this tells Node (miniprogram-simulate's require) that dist is CommonJS. WeChat ignores it.
writeFileSync(join(dist, 'package.json'), '{ "type": "commonjs" }\n')
say(`mini program built into ${relative(process.cwd(), dist) || '.'} ${took(started)}`)
