import Router from '@koa/router'
import Koa, { type Context } from 'koa'
import type { Deps } from '../platform/deps.ts'
import { principalFromToken, type StaffPrincipal } from '../core/staff/service.ts'
import { memberPrincipalFromToken, type MemberPrincipal } from '../core/miniprogram/sessions.ts'
import type { MpApi } from '../platform/wechat/mp-api.ts'
import type { TokenSigner } from '../core/staff/tokens.ts'
import type { Scheduler } from '../platform/jobs/scheduler.ts'
import { buildOpenApi } from './http/openapi.ts'
import { mountRoutes, type AnyRouteSpec } from './http/route.ts'
import { accessLog } from './middleware/access-log.ts'
import { mountApiDocs } from './routes/api-docs.ts'
import { errorHandler } from './middleware/errors.ts'
import { jsonBody } from './middleware/json-body.ts'
import { requestId } from './middleware/request-id.ts'
import { appointmentRoutes } from './routes/appointments.ts'
import { countRoutes } from './routes/counts.ts'
import { notificationRoutes } from './routes/notifications.ts'
import { authRoutes } from './routes/auth.ts'
import { clinicRoutes } from './routes/clinics.ts'
import { jobRoutes } from './routes/jobs.ts'
import { staffRoutes } from './routes/staff.ts'
import { conversationRoutes } from './routes/conversations.ts'
import { eventRoutes } from './routes/events.ts'
import { nluRoutes } from './routes/nlu.ts'
import { qualityRoutes } from './routes/quality.ts'
import { sandboxRoutes, type SandboxPort } from './routes/sandbox.ts'
import { couponRoutes } from './routes/coupons.ts'
import { memberRoutes } from './routes/members.ts'
import { pointsRoutes } from './routes/points.ts'
import { visitRoutes } from './routes/visits.ts'
import { complaintRoutes } from './routes/complaints.ts'
import { surveyRoutes } from './routes/surveys.ts'
import { wecomRoutes } from './routes/wecom.ts'
import { channelRoutes } from './routes/channels.ts'
import { consoleRoutes } from './routes/console.ts'
import { broadcastRoutes } from './routes/broadcasts.ts'
import { careProgrammeRoutes } from './routes/care-programmes.ts'
import { calendarRoutes } from './routes/calendar.ts'
import { mpRoutes } from './routes/mp/index.ts'
import { counterRoutes } from './routes/counter.ts'
import type { Channel } from '../core/channels/channel.ts'
import type { Nlu } from '../core/nlu/intents.ts'

export interface ServerDeps extends Deps {
  signer: TokenSigner
  /** Member tokens (the mini program) and member codes. */
  memberSigner: TokenSigner
  /** WeChat's server API for the mini program; null until WECHAT_MP_APPID and WECHAT_MP_SECRET are set. */
  mpApi: MpApi | null
  /** True while the database answers. */
  dbUp(): Promise<boolean>
  version: string
  scheduler: Scheduler
  /** The simulated customers' driver, while BOT_PUPPET=mock and the bot runs. */
  sandbox: SandboxPort | null
  nlu: Nlu
  /** The bot's channels in this instance, for GET /api/channels/status (absent where the bot does not run). */
  channels?: () => readonly Channel[]
}

/** Route groups; each area adds its own file under server/routes/. */
const routeGroups = [authRoutes, staffRoutes, clinicRoutes, jobRoutes, conversationRoutes, eventRoutes, nluRoutes, sandboxRoutes, memberRoutes, couponRoutes, pointsRoutes, visitRoutes, complaintRoutes, surveyRoutes, channelRoutes, wecomRoutes, broadcastRoutes, careProgrammeRoutes, appointmentRoutes, notificationRoutes, countRoutes, calendarRoutes, mpRoutes, counterRoutes, qualityRoutes]

/** Every route the server mounts, as specs (the OpenAPI document is built from them). */
export function routeSpecs(deps: ServerDeps, extraRoutes: AnyRouteSpec[] = []): AnyRouteSpec[] {
  return [...routeGroups.flatMap((group) => group(deps)), ...extraRoutes]
}

export function createServerApp(deps: ServerDeps, extraRoutes: AnyRouteSpec[] = []) {
  const app = new Koa({ proxy: false })
  app.silent = true // errors are logged once, by the error middleware

  const specs = routeSpecs(deps, extraRoutes)
  const openApi = buildOpenApi(specs, deps.version)

  const authenticateStaff = async (ctx: Context): Promise<StaffPrincipal | null> => {
    const header = ctx.get('authorization')
    // EventSource cannot send headers: the event stream also takes ?access_token=.
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? (ctx.path === '/api/events' && typeof ctx.query.access_token === 'string' ? ctx.query.access_token : null)
    if (!token) return null
    const staff = await principalFromToken(deps, deps.signer, token)
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
  mountApiDocs(router)
  const authenticateMember = async (ctx: Context): Promise<MemberPrincipal | null> => {
    const token = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'))?.[1]
    return token ? memberPrincipalFromToken(deps, deps.memberSigner, token) : null
  }
  mountRoutes(router, specs, { staff: authenticateStaff, member: authenticateMember })

  app.use(requestId)
  app.use(accessLog(deps.log))
  app.use(errorHandler(deps.log))
  app.use(jsonBody)
  app.use(router.routes())
  app.use(router.allowedMethods())
  app.use(consoleRoutes()) // the staff console at /; after the API, and never answering /api/* or /healthz
  return app
}
