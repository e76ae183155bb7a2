import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ERROR_MESSAGES } from '../../server/console/src/error-messages.ts'

/** Every `notFound('code', …)`, `conflict('code', …)` …, `new AppError('code', …)` and zod rule issue's `ruleCode: 'code'` in the product's source. */
function errorCodesInSource(): Map<string, string> {
  const found = new Map<string, string>()
  const constructors = /\b(?:(?:notFound|conflict|ruleNotMet|badRequest|gone|AppError)\(\s*|ruleCode: )'([a-z0-9_]+)'/g
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (name === 'node_modules' || name === 'dist') continue
      if (statSync(path).isDirectory()) walk(path)
      else if (path.endsWith('.ts')) for (const match of readFileSync(path, 'utf8').matchAll(constructors)) found.set(match[1], path)
    }
  }
  for (const dir of ['core', 'platform', 'server', 'bot']) walk(dir)
  return found
}

describe('the console says every API error in Chinese', () => {
  it('each error code the API can answer has its Chinese wording in the console', () => {
    const codes = errorCodesInSource()
    expect(codes.size).toBeGreaterThan(50) // the scan found the product's codes
    const unsaid = [...codes].filter(([code]) => !ERROR_MESSAGES[code]).map(([code, file]) => `${code} (${file})`)
    expect(unsaid).toEqual([])
    for (const text of Object.values(ERROR_MESSAGES)) expect(text).toMatch(/[\u4e00-\u9fff]/)
  })
})
