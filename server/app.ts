import Router from '@koa/router'
import Koa, { type Context } from 'koa'
import type { Deps } from '../platform/deps.ts'
import { principalFromToken, type StaffPrincipal } from '../core/staff/service.ts'
import type { TokenSigner } from '../core/staff/tokens.ts'
import { buildOpenApi } from './http/openapi.ts'
import { mountRoutes, type AnyRouteSpec } from './http/route.ts'
import { accessLog } from './middleware/access-log.ts'
import { errorHandler } from './middleware/errors.ts'
import { jsonBody } from './middleware/json-body.ts'
import { requestId } from './middleware/request-id.ts'
import { authRoutes } from './routes/auth.ts'
import { clinicRoutes } from './routes/clinics.ts'
import { staffRoutes } from './routes/staff.ts'

export interface ServerDeps extends Deps {
  signer: TokenSigner
  /** True while the database answers. */
  dbUp(): Promise<boolean>
  version: string
}

/** Route groups; each area adds its own file under server/routes/. */
const routeGroups = [authRoutes, staffRoutes, clinicRoutes]

export function createServerApp(deps: ServerDeps, extraRoutes: AnyRouteSpec[] = []) {
  const app = new Koa({ proxy: false })
  app.silent = true // errors are logged once, by the error middleware

  const specs = [...routeGroups.flatMap((group) => group(deps)), ...extraRoutes]
  const openApi = buildOpenApi(specs, deps.version)

  const authenticate = async (ctx: Context): Promise<StaffPrincipal | null> => {
    const header = ctx.get('authorization')
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    if (!match) return null
    const staff = await principalFromToken(deps, deps.signer, match[1])
    ctx.state.staff = staff
    return staff
  }

  const router = new Router()
  router.get('/healthz', async (ctx) => {
    const up = await deps.dbUp()
    ctx.status = up ? 200 : 503
    ctx.body = { ok: up, db: up ? 'up' : 'down' }
  })
  router.get('/api/openapi.json', (ctx) => {
    ctx.body = openApi
  })
  mountRoutes(router, specs, authenticate)

  app.use(requestId)
  app.use(accessLog(deps.log))
  app.use(errorHandler(deps.log))
  app.use(jsonBody)
  app.use(router.routes())
  app.use(router.allowedMethods())
  return app
}
