import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { PATCHED_FILE, PATCHED_LINE, UPSTREAM_LINE, patchIdColumn } from '../../scripts/ferretdb-patch.mjs'

const run = promisify(execFile)
const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

/** A stand-in FerretDB source tree holding only the file the patch edits. */
function fakeSource(idColumnLines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'fake-ferretdb-'))
  dirs.push(dir)
  const file = join(dir, PATCHED_FILE)
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, ['package metadata', '', 'const (', ...idColumnLines, ')', ''].join('\n'))
  mkdirSync(join(dir, 'build', 'version'), { recursive: true })
  return dir
}

describe('building the embedded FerretDB', () => {
  it('changes IDColumn to the expression the _id index is built on, and nothing else', () => {
    const src = fakeSource(['\tDefaultColumn = backends.ReservedPrefix + "sjson"', UPSTREAM_LINE])
    patchIdColumn(src)
    const text = readFileSync(join(src, PATCHED_FILE), 'utf8')
    expect(text).toContain(PATCHED_LINE)
    expect(text).not.toContain(UPSTREAM_LINE)
    expect(text).toContain('\tDefaultColumn = backends.ReservedPrefix + "sjson"')
  })

  it('refuses, with a clear message, a source whose IDColumn line differs', async () => {
    const src = fakeSource([`\tIDColumn = DefaultColumn + "->'$.id'"`])
    const target = join(dirs[0]!, 'bin', 'ferretdb')
    const failure = await run('node', ['scripts/install-ferretdb.mjs'], { env: { ...process.env, FERRETDB_SOURCE: src, FERRETDB_BIN: target } }).then(
      () => null,
      (err: { code: number; stdout: string }) => err,
    )
    expect(failure?.code).toBe(1)
    expect(failure?.stdout).toContain('refusing to build FerretDB')
    expect(failure?.stdout).toContain(PATCHED_FILE)
    expect(existsSync(target)).toBe(false)
  })

  it('refuses a source that has the line twice', () => {
    const src = fakeSource([UPSTREAM_LINE, UPSTREAM_LINE])
    expect(() => patchIdColumn(src)).toThrow(/found it 2 times/)
  })
})
