import { z, type ZodType } from 'zod'
import type { AnyRouteSpec } from './route.ts'

const errorShape = z.object({ error: z.object({ code: z.string(), message: z.string() }) })

function jsonSchema(schema: ZodType, io: 'input' | 'output') {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' })
}

function openApiPath(path: string) {
  return path.replace(/:(\w+)/g, '{$1}')
}

/** The OpenAPI document, generated from the same zod schemas that validate requests. */
export function buildOpenApi(specs: readonly AnyRouteSpec[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const spec of specs) {
    const parameters: unknown[] = []
    for (const [where, schema] of [['path', spec.params], ['query', spec.query]] as const) {
      if (!schema) continue
      const json = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] }
      for (const [name, prop] of Object.entries(json.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || Boolean(json.required?.includes(name)), schema: prop })
      }
    }
    const responses: Record<string, unknown> = {}
    for (const [status, response] of Object.entries(spec.responses ?? { 200: 'OK' })) {
      responses[status] =
        typeof response === 'string'
          ? { description: response }
          : { description: 'OK', content: { 'application/json': { schema: jsonSchema(response, 'output') } } }
    }
    if (spec.access !== 'public') {
      responses['401'] = { description: 'Not logged in', content: { 'application/json': { schema: jsonSchema(errorShape, 'output') } } }
      if (Array.isArray(spec.access)) responses['403'] = { description: `Needs one of the roles: ${spec.access.join(', ')}` }
    }
    if (spec.body || spec.query || spec.params) {
      responses['400'] = { description: 'Malformed request', content: { 'application/json': { schema: jsonSchema(errorShape, 'output') } } }
    }
    const path = (paths[openApiPath(spec.path)] ??= {})
    path[spec.method] = {
      summary: spec.summary,
      tags: [spec.tag],
      ...(spec.access === 'public' ? { security: [] } : spec.access === 'member' ? { security: [{ member: [] }] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } } } : {}),
      responses,
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'CareDesk API', version },
    components: { securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A staff token from POST /api/auth/login' },
        member: { type: 'http', scheme: 'bearer', description: 'A member token from POST /api/mp/login (the mini program)' },
      } },
    security: [{ bearer: [] }],
    paths,
  }
}
