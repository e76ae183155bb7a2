import type { Connection } from 'mongoose'
import type { Clock } from './clock.ts'
import type { Config } from './config.ts'
import type { Logger } from './log.ts'

/** What a service function may depend on; each takes only the parts it uses. */
export interface Deps {
  db: Connection
  clock: Clock
  log: Logger
  config: Config
}
