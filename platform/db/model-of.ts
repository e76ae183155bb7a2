import type { Connection, Schema } from 'mongoose'

/**
 * The model of `schema` on a connection, compiled the first time it is asked for: tests and bench
 * open several connections, each with its own models.
 */
export function modelOf(name: string, schema: Schema) {
  return (db: Connection) => db.models[name] ?? db.model(name, schema)
}
