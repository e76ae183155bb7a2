import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFileSync } from 'node:fs'
import { allJobs } from './core/jobs.ts'
import { registerModels } from './core/models.ts'
import { kfModels } from './bot/channels/kf/models.ts'
import { wecomJobs } from './bot/channels/wecom/jobs.ts'
import { seedClinicsIfEmpty } from './core/clinics/service.ts'
import { ensureTemplates } from './core/surveys/templates.ts'
import { ensureFirstAdmin, tokenSigner } from './core/staff/service.ts'
import { systemClock, type Clock } from './platform/clock.ts'
import type { Config } from './platform/config.ts'
import { connectDatabase, ensureIndexes, type Database } from './platform/db/connect.ts'
import type { Deps } from './platform/deps.ts'
import { registerJobModels } from './platform/jobs/models.ts'
import { createScheduler, type Scheduler } from './platform/jobs/scheduler.ts'
import { createLogger, type Logger } from './platform/log.ts'
import { createServerApp } from './server/app.ts'
import { createMpApi } from './platform/wechat/mp-api.ts'
import { closeEventStreams } from './server/routes/events.ts'
import { startBot, type RunningBot } from './bot/runtime.ts'
import { createNluFromConfig } from './bot/nlu-from-config.ts'
import { trainWithSupervisorExamples } from './bot/nlu-training.ts'
import { keyLegacyLedgerRows } from './core/points/service.ts'
import { refreshEnteredYears, resumeCalendarRecomputes } from './core/calendar/service.ts'

/** How often an instance picks up a holiday calendar another instance saved. */
const CALENDAR_REFRESH_MS = 60_000

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }

export interface StartOptions {
  config: Config
  clock?: Clock
  log?: Logger
  /** What to do when the embedded database dies under us; main.ts exits the process. */
  onFatal?: (message: string) => void
}

export interface RunningCareDesk {
  url: string
  port: number
  deps: Deps
  database: Database
  /** Scheduled jobs; its timers run only where JOBS_ENABLED, runNow works everywhere. */
  scheduler: Scheduler
  bot: RunningBot | null
  /** The generated first-admin password, when this start created the admin without ADMIN_PASSWORD. */
  generatedAdminPassword?: string
  stop(): Promise<void>
}

/** Wires it all: config → database → core → server (+ bot and scheduler as they land). */
export async function startCareDesk({ config, clock = systemClock, log = createLogger(config.LOG_LEVEL), onFatal }: StartOptions): Promise<RunningCareDesk> {
  const database = await connectDatabase(config, log, onFatal)
  const stopAll: Array<() => Promise<void>> = [() => database.close()]
  try {
    const db = database.connection
    registerModels(db)
    for (const register of kfModels) register(db) // the channels' own collections: core knows no channel
    registerJobModels(db)
    await ensureIndexes(db)
    const rekeyed = await keyLegacyLedgerRows(db)
    if (rekeyed) log.info({ rows: rekeyed }, 'points ledger rows keyed by member and seq')
    const deps: Deps = { db, clock, log, config }
    await seedClinicsIfEmpty(db)
    await ensureTemplates(db, clock.now())
    // The admins' entered holiday calendars, before anything counts a working day.
    await refreshEnteredYears(deps)
    await resumeCalendarRecomputes(deps)
    const calendarTimer = setInterval(() => {
      refreshEnteredYears(deps).catch((err: unknown) => log.warn({ err }, 'could not refresh the entered holiday calendars'))
    }, CALENDAR_REFRESH_MS)
    calendarTimer.unref()
    stopAll.unshift(async () => clearInterval(calendarTimer))
    const admin = await ensureFirstAdmin(deps)
    const signer = await tokenSigner(deps)
    const memberSigner = await tokenSigner(deps, 'm1')
    const mpApi = config.WECHAT_MP_APPID && config.WECHAT_MP_SECRET ? createMpApi({ apiBase: config.WECHAT_API_BASE, appId: config.WECHAT_MP_APPID, secret: config.WECHAT_MP_SECRET }) : null

    await trainWithSupervisorExamples(deps)
    const bot = config.BOT_ENABLED ? await startBot(deps) : null
    if (bot) stopAll.unshift(() => bot.stop())
    const scheduler = createScheduler({ deps, jobs: [...allJobs, ...wecomJobs] })
    stopAll.unshift(() => scheduler.stop()) // after the server closes, before the database does
    const app = createServerApp({ ...deps, signer, memberSigner, mpApi, version, dbUp: () => database.ping(), scheduler, sandbox: bot?.sandbox ?? null, channels: () => bot?.channels ?? [], nlu: bot?.nlu ?? createNluFromConfig(config, log) })
    const server = createServer(app.callback())
    await listen(server, config.PORT, config.HOST)
    stopAll.unshift(() => closeServer(server, closeEventStreams))
    const { port } = server.address() as AddressInfo
    const url = config.PUBLIC_URL ?? `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`
    log.info({ url }, 'CareDesk is listening')
    if (config.JOBS_ENABLED) scheduler.start()

    let stopped: Promise<void> | null = null
    return {
      url,
      port,
      deps,
      database,
      scheduler,
      bot,
      generatedAdminPassword: admin.generatedPassword,
      stop: () => (stopped ??= runInOrder(stopAll, log)),
    }
  } catch (err) {
    await runInOrder(stopAll, log)
    throw err
  }
}

function listen(server: Server, port: number, host: string) {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

/** Stop accepting, let in-flight requests finish (up to 5 s), then drop what is left (event streams). */
async function closeServer(server: Server, endStreams: () => void) {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()))
  endStreams()
  server.closeIdleConnections()
  const timer = setTimeout(() => server.closeAllConnections(), 5000)
  await closed
  clearTimeout(timer)
}

async function runInOrder(steps: Array<() => Promise<void>>, log: Logger) {
  for (const step of steps) {
    try {
      await step()
    } catch (err) {
      log.error({ err }, 'error while stopping')
    }
  }
}
