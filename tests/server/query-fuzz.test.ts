import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { useStaffTokens, useTestApp } from '../helpers/test-app.ts'

/** The report, stats and list routes whose date and number parameters are fuzzed. */
const ROUTES = [
  '/api/surveys/report',
  '/api/complaints/stats',
  '/api/complaints',
  '/api/complaints/alerts',
  '/api/members',
  '/api/coupons',
  '/api/conversations',
  '/api/appointments',
  '/api/care-tasks',
  '/api/surveys/invitations',
  '/api/broadcasts',
  '/api/jobs',
]
const RUNS_PER_ROUTE = 200

type Parameter = { name: string; in: string; schema: { type?: string | string[]; format?: string } }

/** Date and number parameters, read from the served document: what a client generating requests from it would send. */
function fuzzedParameters(document: any, path: string): string[] {
  const parameters: Parameter[] = document.paths[path]?.get?.parameters ?? []
  return parameters
    .filter((p) => p.in === 'query' && (p.schema.format === 'date' || p.schema.format === 'date-time' || ['number', 'integer'].includes(String(p.schema.type))))
    .map((p) => p.name)
}

const anyValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
  fc.stringMatching(/^-?\d{1,25}(\.\d{0,5})?(e[+-]?\d{1,4})?$/),
  fc.constantFrom('0000-00-00', '2020-63-64', '9999-12-31', '1900-01-01', 'NaN', 'Infinity', '-0', '1e309', '', ' ', '%00', '[]', '{}'),
)

describe('no string in a date or number query parameter reaches a 5xx', () => {
  let document: any
  const suite = useTestApp()
  const tokens = useStaffTokens(() => suite.app, { everyRole: ['admin', 'director', 'supervisor', 'marketing', 'agent'] })
  beforeAll(async () => {
    document = (await suite.app.request('GET', '/api/openapi.json')).body
  })

  for (const path of ROUTES) {
    it(`${path}: any values answer below 500, as the document says`, async () => {
      const names = fuzzedParameters(document, path)
      expect(names.length, `${path} has date or number parameters`).toBeGreaterThan(0)
      await fc.assert(
        fc.asyncProperty(fc.dictionary(fc.constantFrom(...names), anyValue, { minKeys: 1, maxKeys: 3 }), async (values) => {
          const query = new URLSearchParams(values).toString()
          const res = await suite.app.request('GET', `${path}?${query}`, { token: tokens.everyRole }) // the helper also holds the answer to the document
          expect(res.status, `${path}?${query}`).toBeLessThan(500)
        }),
        { numRuns: RUNS_PER_ROUTE },
      )
    })
  }
})
