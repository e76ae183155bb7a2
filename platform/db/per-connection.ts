import type { Connection } from 'mongoose'

/**
 * State a process keeps per database connection (a cache, a writer, the last slot it took),
 * made on first use: tests and the bench open several connections in one process.
 */
export function perConnection<T>(make: (db: Connection) => T): (db: Connection) => T {
  const states = new WeakMap<Connection, T>()
  return (db) => {
    if (!states.has(db)) states.set(db, make(db))
    return states.get(db)!
  }
}
