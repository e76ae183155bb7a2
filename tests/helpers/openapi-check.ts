import { z, type ZodType } from 'zod'

type Operation = { responses: Record<string, { content?: Record<string, { schema?: object }> }> }
type OpenApiDocument = { paths: Record<string, Record<string, Operation>> }

interface Template {
  method: string
  template: string
  pattern: RegExp
  literalSegments: number
  operation: Operation
}

/** Paths served beside the documented API: the document itself and its browser. */
const UNDOCUMENTED_API = [/^\/api\/openapi\.json$/, /^\/api\/docs(\/|$)/]

function templatesOf(document: OpenApiDocument): Template[] {
  const templates: Template[] = []
  for (const [template, methods] of Object.entries(document.paths)) {
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`)
    const literalSegments = template.split('/').filter((segment) => segment && !segment.startsWith('{')).length
    for (const [method, operation] of Object.entries(methods)) templates.push({ method: method.toUpperCase(), template, pattern, literalSegments, operation })
  }
  // The router answers a literal path (/api/complaints/alerts) before a template (/api/complaints/{number}).
  return templates.sort((a, b) => b.literalSegments - a.literalSegments)
}

function issuesText(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ')
}

/**
 * Checks each answer against the served OpenAPI document: the operation (method + path template)
 * declares the status, and a JSON body matches the schema declared for it. Answers what is wrong, or null.
 */
export function openApiChecker(document: OpenApiDocument) {
  const templates = templatesOf(document)
  const schemas = new Map<string, ZodType>()
  const errorShape = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }).strict() }).strict()

  return (method: string, url: string, status: number, contentType: string, body: unknown): string | null => {
    const path = new URL(url, 'http://x').pathname
    if (status === 431) return null // Node refuses headers over 16 KB before any route (documented in the description)
    if (!path.startsWith('/api/') || UNDOCUMENTED_API.some((p) => p.test(path))) return null
    const found = templates.find((t) => t.method === method.toUpperCase() && t.pattern.test(path))
    if (!found) {
      if (![404, 405].includes(status)) return `${method} ${path} is not in the OpenAPI document, yet answered ${status}`
      const parsed = errorShape.safeParse(body)
      return parsed.success ? null : `${method} ${path} (no such route) answered ${status} off the error shape: ${issuesText(parsed.error)}`
    }
    const name = `${method.toUpperCase()} ${found.template}`
    const declared = found.operation.responses[String(status)]
    if (!declared) return `${name} answered ${status}, which the OpenAPI document does not declare (declared: ${Object.keys(found.operation.responses).join(', ')}); body: ${JSON.stringify(body)?.slice(0, 300)}`
    const isJson = /application\/json/.test(contentType)
    if (!isJson) {
      if (!contentType || status === 204) return null
      const media = contentType.split(';')[0].trim()
      return declared.content?.[media] ? null : `${name} answered ${status} as ${media}, which the document does not declare for it`
    }
    const schema = declared.content?.['application/json']?.schema
    if (!schema) return `${name} answered ${status} with a JSON body the document does not describe: ${JSON.stringify(body)?.slice(0, 300)}`
    const key = `${name} ${status}`
    let zod = schemas.get(key)
    if (!zod) schemas.set(key, (zod = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0])))
    const parsed = zod.safeParse(body)
    return parsed.success ? null : `${name} answered ${status} off its documented schema: ${issuesText(parsed.error)}; body: ${JSON.stringify(body)?.slice(0, 300)}`
  }
}
