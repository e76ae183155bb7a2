import type { Connection } from 'mongoose'
import type { Deps } from '../deps.ts'
import { createWecomApiClient, type WecomApiClient } from './api-client.ts'
import { wecomAppSettings } from './settings.ts'

const clients = new WeakMap<Connection, WecomApiClient>()

/**
 * One API client per database connection in this process, so the channels, the jobs and the
 * routes share its in-memory token and its one-refresh-at-a-time; null while WeCom is not configured.
 */
export function sharedWecomClient(deps: Pick<Deps, 'db' | 'log' | 'config'>): WecomApiClient | null {
  const app = wecomAppSettings(deps.config)
  if (!app) return null
  let client = clients.get(deps.db)
  if (!client) {
    client = createWecomApiClient({ db: deps.db, log: deps.log, corpId: app.corpId, secret: app.secret, apiBase: app.apiBase })
    clients.set(deps.db, client)
  }
  return client
}
