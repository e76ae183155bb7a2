/**
 * What a figure runs against: the bench's own database server (an embedded FerretDB under a
 * temporary DATA_DIR, or BENCH_MONGODB_URI), fresh databases on it by name, the run's scale
 * (BENCH_QUICK=1 for small sizes while developing) and work shared by several figures.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Connection } from 'mongoose'
import { seedClinicsIfEmpty } from '../core/clinics/service.ts'
import { registerModels } from '../core/models.ts'
import { kfModels } from '../bot/channels/kf/models.ts'
import { systemClock, type Clock } from '../platform/clock.ts'
import { loadConfig, type Config } from '../platform/config.ts'
import { connectDatabase, ensureIndexes, type Database } from '../platform/db/connect.ts'
import { databaseEngine, type Engine } from '../platform/db/engine.ts'
import type { Deps } from '../platform/deps.ts'
import { registerJobModels } from '../platform/jobs/models.ts'
import { createLogger, type Logger } from '../platform/log.ts'

export interface BenchContext {
  engine: Engine
  /** BENCH_QUICK=1: every size small, for a quick run while developing. */
  quick: boolean
  /** The full size, or the quick one. */
  size(full: number, quick: number): number
  log: Logger
  config: Config
  /** A URI for a database of this name on the bench's server (for the app and child processes). */
  uriFor(name: string): string
  /** A fresh database (dropped first), its models registered, indexes built and clinics seeded. */
  freshDeps(name: string, clock?: Clock): Promise<Deps>
  /** The same database again, as it is (seeded by an earlier figure). */
  depsOf(name: string, clock?: Clock): Deps
  /** Work several figures share (a seeded database, one load run), done once per context. */
  once<T>(key: string, make: () => Promise<T>): Promise<T>
  close(): Promise<void>
}

/** Puts a database name into a MongoDB URI (keeps its query, works for replica-set URIs). */
export function withDatabaseName(uri: string, name: string): string {
  const [hosts, query] = uri.split('?')
  const withDb = hosts.replace(/^(mongodb(?:\+srv)?:\/\/[^/]+)(\/.*)?$/, `$1/${name}`)
  return query ? `${withDb}?${query}` : withDb
}

export async function openBenchContext(options: { mongodbUri?: string; quick: boolean }): Promise<BenchContext> {
  const dataDir = mkdtempSync(join(tmpdir(), 'caredesk-bench-'))
  const config = loadConfig({ DATA_DIR: dataDir, MONGODB_URI: options.mongodbUri ?? '', LOG_LEVEL: 'warn' })
  const log = createLogger('warn')
  let database: Database
  try {
    database = await connectDatabase(config, log)
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true })
    throw err
  }
  const serverUri = options.mongodbUri ?? database.embedded!.uri
  const engine = await databaseEngine(database.connection)
  const shared = new Map<string, Promise<unknown>>()
  const used = new Set<string>()

  const depsOf = (name: string, clock: Clock = systemClock): Deps => {
    used.add(name)
    return { db: database.connection.useDb(name, { useCache: true }), clock, log, config }
  }

  return {
    engine,
    quick: options.quick,
    size: (full, quick) => (options.quick ? quick : full),
    log,
    config,
    uriFor: (name) => withDatabaseName(serverUri, name),
    depsOf,
    async freshDeps(name, clock) {
      const deps = depsOf(name, clock)
      await deps.db.dropDatabase()
      registerAll(deps.db)
      await ensureIndexes(deps.db)
      await seedClinicsIfEmpty(deps.db)
      return deps
    },
    once<T>(key: string, make: () => Promise<T>) {
      if (!shared.has(key)) shared.set(key, make())
      return shared.get(key) as Promise<T>
    },
    async close() {
      for (const name of used) await database.connection.useDb(name, { useCache: true }).dropDatabase().catch(() => {})
      await database.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export function registerAll(db: Connection) {
  registerModels(db)
  for (const register of kfModels) register(db)
  registerJobModels(db)
}
