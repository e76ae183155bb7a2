import mongoose, { type Connection } from 'mongoose'
import type { Config } from '../config.ts'
import type { Logger } from '../log.ts'
import { databaseEngine } from './engine.ts'
import { startEmbeddedFerretDB, type EmbeddedDatabase } from './embedded-ferretdb.ts'

export interface Database {
  connection: Connection
  embedded: EmbeddedDatabase | null
  ping(): Promise<boolean>
  close(): Promise<void>
}

export const DEFAULT_DB_NAME = 'caredesk'

/** Real MongoDB when MONGODB_URI is set; otherwise the embedded FerretDB under DATA_DIR. */
export async function connectDatabase(
  config: Pick<Config, 'MONGODB_URI' | 'dataDir'>,
  log: Logger,
  onCrash?: (message: string) => void,
): Promise<Database> {
  let embedded: EmbeddedDatabase | null = null
  let uri = config.MONGODB_URI
  if (!uri) {
    embedded = await startEmbeddedFerretDB({ dataDir: config.dataDir, log, onCrash })
    uri = `${embedded.uri}/${DEFAULT_DB_NAME}`
  }
  // Indexes are built explicitly at start (ensureIndexes), so uniqueness holds before we serve.
  const connection = mongoose.createConnection(uri, { autoIndex: false, serverSelectionTimeoutMS: 5000 })
  try {
    await connection.asPromise()
  } catch (err) {
    await embedded?.stop()
    throw err
  }
  log.info({ embedded: Boolean(embedded), db: connection.name }, 'database connected')
  return {
    connection,
    embedded,
    async ping() {
      try {
        await Promise.race([
          connection.db!.admin().ping(),
          new Promise((_, reject) => setTimeout(() => reject(new Error('ping timeout')), 2000)),
        ])
        return true
      } catch {
        return false
      }
    },
    async close() {
      await connection.close().catch(() => {})
      await embedded?.stop()
    },
  }
}

/** Builds every registered model's indexes (unique keys are how we stay idempotent). */
export async function ensureIndexes(connection: Connection): Promise<void> {
  const engine = await databaseEngine(connection)
  for (const model of Object.values(connection.models)) {
    await model.createCollection().catch(() => {}) // exists already
    if (engine === 'mongodb') {
      await model.createIndexes()
      continue
    }
    // FerretDB v1 serves no read from a secondary index (only `{ _id }` reaches SQLite's index), so
    // there an index is worth its cost on every write only when it enforces uniqueness.
    for (const [fields, options] of model.schema.indexes()) {
      if (options?.unique) await model.collection.createIndex(fields as Record<string, 1 | -1>, options as Record<string, unknown>)
    }
  }
}
