import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildMiniprogram, removeBuild, DIST } from './simulator.ts'

function* jsFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* jsFiles(path)
    else if (entry.name.endsWith('.js')) yield path
  }
}

/** Where WeChat would load a require() from: relative to the file, or a package in the nearest miniprogram_npm. */
function resolveLikeWechat(from: string, spec: string): string | null {
  const candidates = (base: string) => [base, `${base}.js`, join(base, 'index.js')]
  if (spec.startsWith('.') || spec.startsWith('/')) {
    const base = spec.startsWith('/') ? join(DIST, spec) : resolve(dirname(from), spec)
    return candidates(base).find((p) => existsSync(p) && p.endsWith('.js')) ?? null
  }
  for (let dir = dirname(from); dir.startsWith(DIST); dir = dirname(dir)) {
    const found = candidates(join(dir, 'miniprogram_npm', spec)).find((p) => existsSync(p) && p.endsWith('.js'))
    if (found) return found
  }
  return null
}

describe('the built mini program', () => {
  beforeAll(() => buildMiniprogram())
  afterAll(() => removeBuild())

  it('requires nothing outside its own build output (no node_modules, no server code)', () => {
    const outside: string[] = []
    let requires = 0
    for (const file of jsFiles(DIST)) {
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
        requires++
        const target = resolveLikeWechat(file, spec)
        if (!target || relative(DIST, target).startsWith('..')) outside.push(`${relative(DIST, file)} → ${spec}`)
      }
    }
    expect(requires, 'the walk found the pages’ and TDesign’s requires').toBeGreaterThan(100)
    expect(outside).toEqual([])
  })

  it('has every page of app.json built with its WXML, WXSS and JSON', () => {
    const { pages } = JSON.parse(readFileSync(join(DIST, 'app.json'), 'utf8')) as { pages: string[] }
    const missing = pages.flatMap((page) => ['.js', '.wxml', '.wxss', '.json'].map((ext) => `${page}${ext}`)).filter((f) => !existsSync(join(DIST, f)))
    expect(missing).toEqual([])
    expect(JSON.parse(readFileSync(join(DIST, 'app.json'), 'utf8')).style, 'TDesign asks for no "style": "v2"').toBeUndefined()
  })
})
