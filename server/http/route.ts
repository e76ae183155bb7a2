import type Router from '@koa/router'
import type { Context } from 'koa'
import { z, type ZodType } from 'zod'
import type { Role } from '../../core/staff/roles.ts'
import type { MemberPrincipal } from '../../core/miniprogram/sessions.ts'
import type { StaffPrincipal } from '../../core/staff/service.ts'
import { forbidden, unauthorized } from '../../platform/errors.ts'

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete'

/**
 * Who may call a route: anyone, any logged-in staff member, staff holding one of the roles, or a
 * member logged in through the mini program (its own kind of token: the two never cross).
 */
export type Access = 'public' | 'staff' | 'member' | readonly Role[]

export interface RouteInput<P, Q, B> {
  params: P
  query: Q
  body: B
  staff: StaffPrincipal | null
  /** Set on `member` routes. */
  member: MemberPrincipal | null
  ctx: Context
}

export interface RouteResult {
  status?: number
  body?: unknown
}

/** A response that is not (only) JSON: an .xlsx download, a text/plain answer, a stream. */
export interface MediaResponse {
  description: string
  /** Media types other than JSON, e.g. text/event-stream. */
  media: readonly string[]
  /** The JSON answer too, when the route answers either (a report: JSON, or `format=xlsx`). */
  json?: ZodType
}

export type ResponseSpec = ZodType | string | MediaResponse

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export interface RouteSpec<P = unknown, Q = unknown, B = unknown> {
  method: HttpMethod
  path: string
  summary: string
  tag: string
  access: Access
  params?: ZodType<P>
  query?: ZodType<Q>
  body?: ZodType<B>
  /**
   * What the route answers by status, for the OpenAPI document: a JSON schema, a description (an
   * error status gets the error shape), or a file/stream with its media types. The statuses every
   * route shares (400, 401, 403, 413 …) are added by openapi.ts; declare the route's own here.
   */
  responses?: Record<number, ResponseSpec>
  handler: (input: RouteInput<P, Q, B>) => Promise<RouteResult | unknown> | RouteResult | unknown
}

/** A spec with its generic types erased, for lists of routes. */
export type AnyRouteSpec = RouteSpec<any, any, any>

export function route<P = unknown, Q = unknown, B = unknown>(spec: RouteSpec<P, Q, B>): AnyRouteSpec {
  return spec as AnyRouteSpec
}

/** Body or result: handlers may return `{ status, body }` or the body itself. */
function isRouteResult(value: unknown): value is RouteResult {
  return typeof value === 'object' && value !== null && 'status' in value && 'body' in value && Object.keys(value).length === 2
}

export function checkAccess(access: Exclude<Access, 'member'>, staff: StaffPrincipal | null): void {
  if (access === 'public') return
  if (!staff) throw unauthorized()
  if (access === 'staff') return
  if (!staff.roles.some((role) => access.includes(role))) throw forbidden()
}

export interface Authenticators {
  staff(ctx: Context): Promise<StaffPrincipal | null>
  member(ctx: Context): Promise<MemberPrincipal | null>
}

/** Mounts specs on a router: authenticate → check role → validate → handle → present. */
export function mountRoutes(router: Router, specs: readonly AnyRouteSpec[], authenticate: Authenticators) {
  for (const spec of specs) {
    router[spec.method](spec.path, async (ctx: Context) => {
      let staff: StaffPrincipal | null = null
      let member: MemberPrincipal | null = null
      if (spec.access === 'member') {
        member = await authenticate.member(ctx)
        if (!member) throw unauthorized('Please log in through the mini program.')
      } else {
        staff = spec.access === 'public' ? null : await authenticate.staff(ctx)
        checkAccess(spec.access, staff)
      }
      const input: RouteInput<unknown, unknown, unknown> = {
        params: spec.params ? spec.params.parse((ctx as unknown as { params: unknown }).params) : {},
        query: spec.query ? spec.query.parse(ctx.query) : {},
        body: spec.body ? spec.body.parse(ctx.request.body ?? {}) : undefined,
        staff,
        member,
        ctx,
      }
      const result = await spec.handler(input)
      if (ctx.respond === false || ctx.body !== undefined) return // handler wrote the response itself (streams, files)
      if (isRouteResult(result)) {
        ctx.status = result.status ?? 200
        ctx.body = result.body ?? null
      } else {
        ctx.status = 200
        ctx.body = result ?? null
      }
    })
  }
}

/** List query parameters shared by every list endpoint. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
})
