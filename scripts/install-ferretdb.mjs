// npm postinstall: build the embedded database (FerretDB, MongoDB wire protocol over SQLite) once.
//
// Why not a plain `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2`:
// - the module proxy here refuses the version list that `go install m@v` reads for its
//   deprecation check (403), so we download the exact version with `go mod download`;
// - FerretDB embeds build/version/version.txt, which is git-ignored upstream and so missing
//   from the module zip, and the binary panics at start without it. We build a copy of the
//   module with that one file written, exactly as FerretDB's panic message asks;
// - and with one line changed so lookups by _id use SQLite's _id index (scripts/ferretdb-patch.mjs).
// FERRETDB_SOURCE=<dir> builds from a local copy of FerretDB's source instead of the module proxy.
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { FERRETDB_BUILD, FERRETDB_VERSION, ferretdbBinaryPath } from '../platform/db/ferretdb-location.mjs'
import { patchIdColumn } from './ferretdb-patch.mjs'

const say = (msg) => console.log(`[caredesk] ${msg}`)
const target = ferretdbBinaryPath()

function installedVersion() {
  if (!existsSync(target)) return null
  try {
    return execFileSync(target, ['--version'], { encoding: 'utf8' }).match(/version: (\S+)/)?.[1] ?? null
  } catch {
    return null
  }
}

function goVersion() {
  try {
    const out = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim() // e.g. go1.26.8
    const [major, minor] = out.replace(/^go/, '').split('.').map(Number)
    return { text: out, ok: major > 1 || (major === 1 && minor >= 24) }
  } catch {
    return null
  }
}

function downloadSource(env) {
  const info = JSON.parse(
    execFileSync('go', ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${FERRETDB_VERSION}`], { encoding: 'utf8', env, cwd: tmpdir() }),
  )
  return info.Dir
}

function build() {
  const go = goVersion()
  if (!go?.ok) {
    say(`embedded database not built: it needs Go >= 1.24 (found ${go?.text ?? 'no go'}).`)
    say('Install Go and run `npm install` again, or set MONGODB_URI to a MongoDB server.')
    return
  }
  const env = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' }
  say(`building FerretDB ${FERRETDB_BUILD} with ${go.text} (first time only; takes a few minutes)…`)
  const from = process.env.FERRETDB_SOURCE || downloadSource(env)
  const work = mkdtempSync(join(tmpdir(), 'caredesk-ferretdb-'))
  try {
    const src = join(work, 'src')
    cpSync(from, src, { recursive: true })
    execFileSync('chmod', ['-R', 'u+w', src])
    patchIdColumn(src)
    writeFileSync(join(src, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`)
    mkdirSync(dirname(target), { recursive: true })
    const partial = `${target}.partial-${process.pid}`
    execFileSync('go', ['build', '-trimpath', '-o', partial, './cmd/ferretdb'], { cwd: src, env, stdio: 'inherit' })
    chmodSync(partial, 0o755)
    renameSync(partial, target) // atomic: a concurrent install never sees half a binary
    say(`FerretDB ready: ${target}`)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

if (process.env.CAREDESK_SKIP_FERRETDB === '1') {
  say('CAREDESK_SKIP_FERRETDB=1: not building the embedded database.')
} else if (installedVersion() === FERRETDB_VERSION) {
  say(`FerretDB ${FERRETDB_BUILD} already built: ${target}`)
} else {
  try {
    build()
  } catch (err) {
    say(err instanceof Error ? err.message : String(err))
    process.exit(1)
  }
}
