import type { Connection } from 'mongoose'

export type Engine = 'mongodb' | 'ferretdb'

const engines = new WeakMap<Connection, Promise<Engine>>()

/** Which database answers: FerretDB says so in buildInfo (`ferretdbVersion`). */
export function databaseEngine(db: Connection): Promise<Engine> {
  let engine = engines.get(db)
  if (!engine) {
    engine = db.db!.admin().command({ buildInfo: 1 }).then((info) => (info.ferretdbVersion ? 'ferretdb' : 'mongodb'))
    engines.set(db, engine)
  }
  return engine
}
