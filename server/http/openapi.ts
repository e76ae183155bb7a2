import { z, type ZodType } from 'zod'
import type { AnyRouteSpec, ResponseSpec } from './route.ts'

/** The contract's error shape; `details` carries the fields of a validation failure, or a rule's own particulars. */
export const errorShape = z.object({
  error: z.object({
    code: z.string().describe('snake_case, stable'),
    message: z.string(),
    details: z.unknown().optional().describe('validation_failed and invalid_date: [{ path, message }] per field; some rules add their own'),
  }),
})

const DESCRIPTION = [
  'CareDesk’s HTTP API, generated from the zod schemas that validate each request.',
  'Errors answer `{ error: { code, message, details? } }`. Every route may also answer 400 (malformed input), 401/403 (by its access),',
  '413 (a body over 1 MB), 409 `conflict` (a write that kept losing races to others: try again) and 422 `invalid_date` (a date or time',
  'of the right form that does not exist, or lies outside 1901–2099) where they apply; each operation lists its own.',
  'A request whose headers (the query string included) exceed Node’s limit of 16 KB is refused with 431 before any route runs.',
].join(' ')

const WRITES = new Set(['post', 'put', 'patch'])

function jsonSchema(schema: ZodType, io: 'input' | 'output') {
  const { $schema: _, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>
  return json
}

function openApiPath(path: string) {
  return path.replace(/:(\w+)/g, '{$1}')
}

/** The codes of the rule issues (`x-error-code`, e.g. invalid_date) an input schema can raise: they answer 422. */
function ruleCodes(json: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(json)) for (const item of json) ruleCodes(item, found)
  else if (json && typeof json === 'object') {
    for (const [key, value] of Object.entries(json)) {
      if (key === 'x-error-code' && typeof value === 'string') found.add(value)
      else ruleCodes(value, found)
    }
  }
  return found
}

/** The statuses a route answers by what it is (its input, its access, a write), before its own. */
function sharedResponses(spec: AnyRouteSpec, inputJson: unknown[]): Record<number, string> {
  const shared: Record<number, string> = {}
  const write = WRITES.has(spec.method)
  if (spec.params || spec.query || spec.body || write) {
    shared[400] = `validation_failed: the input does not match its schema (details name the fields)${write ? '; malformed_json: the body is not JSON' : ''}`
  }
  if (spec.access !== 'public') shared[401] = `unauthorized: not logged in${spec.access === 'member' ? ' through the mini program (a member token)' : ''}`
  if (Array.isArray(spec.access)) shared[403] = `forbidden: needs one of the roles ${spec.access.join(', ')}`
  if (spec.params) shared[404] = `No such ${Object.keys((spec.params as unknown as { shape?: object }).shape ?? {}).join('/') || 'record'}`
  if (write) {
    shared[409] = 'conflict: the record is being changed by others right now; try again'
    shared[413] = 'payload_too_large: the body is over 1 MB'
  }
  const rules = ruleCodes(inputJson)
  if (rules.has('invalid_date')) shared[422] = 'invalid_date: a date or time that does not exist, or lies outside 1901–2099'
  else if (rules.size) shared[422] = [...rules].join(', ')
  return shared
}

function content(status: number, declared: ResponseSpec | undefined) {
  const error = status >= 400
  if (declared === undefined || typeof declared === 'string') return error ? { 'application/json': { schema: jsonSchema(errorShape, 'output') } } : undefined
  if ('media' in declared && Array.isArray(declared.media)) {
    const media = Object.fromEntries(declared.media.map((type) => [type, {}]))
    return declared.json ? { 'application/json': { schema: jsonSchema(declared.json, 'output') }, ...media } : media
  }
  const schema = declared as ZodType
  return { 'application/json': { schema: jsonSchema(error ? z.union([schema, errorShape]) : schema, 'output') } }
}

function describe(declared: ResponseSpec | undefined): string | undefined {
  if (declared === undefined) return undefined
  if (typeof declared === 'string') return declared
  if ('media' in declared && Array.isArray(declared.media)) return declared.description
  return (declared as ZodType).description ?? 'OK'
}

/** The OpenAPI document, generated from the same zod schemas that validate requests, true to every answer. */
export function buildOpenApi(specs: readonly AnyRouteSpec[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const spec of specs) {
    const parameters: unknown[] = []
    const inputJson: unknown[] = []
    for (const [where, schema] of [['path', spec.params], ['query', spec.query]] as const) {
      if (!schema) continue
      const json = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] }
      inputJson.push(json)
      for (const [name, prop] of Object.entries(json.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || Boolean(json.required?.includes(name)), schema: prop })
      }
    }
    const body = spec.body ? jsonSchema(spec.body, 'input') : undefined
    if (body) inputJson.push(body)

    const declared: Record<string, ResponseSpec> = spec.responses ?? {}
    const shared = sharedResponses(spec, inputJson)
    const statuses = [...new Set([...Object.keys(declared), ...Object.keys(shared)].map(Number))].sort((a, b) => a - b)
    const responses: Record<string, unknown> = {}
    for (const status of statuses) {
      const own = declared[status]
      const description = [describe(own), shared[status]].filter(Boolean).join('; or ')
      const media = content(status, own)
      responses[status] = { description, ...(media ? { content: media } : {}) }
    }
    const path = (paths[openApiPath(spec.path)] ??= {})
    path[spec.method] = {
      summary: spec.summary,
      tags: [spec.tag],
      ...(spec.access === 'public' ? { security: [] } : spec.access === 'member' ? { security: [{ member: [] }] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: body } } } } : {}),
      responses,
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'CareDesk API', version, description: DESCRIPTION },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A staff token from POST /api/auth/login' },
        member: { type: 'http', scheme: 'bearer', description: 'A member token from POST /api/mp/login (the mini program)' },
      },
    },
    security: [{ bearer: [] }],
    paths,
  }
}
