/**
 * The real app as the bench starts it: startCareDesk on a database of the bench's server, the
 * sandbox puppet (simulated customers through the real Wechaty event path), jobs off — as
 * tests/helpers/test-app.ts does.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startCareDesk, type RunningCareDesk } from '../caredesk.ts'
import type { Sandbox, TranscriptEntry } from '../bot/channels/wechaty/sandbox.ts'
import { loadConfig } from '../platform/config.ts'
import type { BenchContext } from './context.ts'

export const BENCH_ADMIN = { username: 'admin', password: 'bench-password-1' }

/** The database commands the app has sent since the last reset (with `countCommands`). */
export interface CommandCount {
  total: number
  writes: number
  reset(): void
}

const WRITE_COMMANDS = new Set(['insert', 'update', 'findAndModify', 'delete'])

export interface BenchApp {
  running: RunningCareDesk
  commands: CommandCount
  url: string
  sandbox: Sandbox
  post<T = any>(path: string, body: unknown, token?: string): Promise<{ status: number; body: T }>
  get<T = any>(path: string, token?: string): Promise<{ status: number; body: T }>
  login(): Promise<string>
  /** Resolves with the next line the bot sends this customer that matches (no polling: the puppet's own events). */
  nextBotLine(customerId: string, match?: (entry: TranscriptEntry) => boolean, timeoutMs?: number): Promise<TranscriptEntry>
  stop(): Promise<void>
}

/** The app's settings for the bench; pacing at its highest so the outbox's pace is not what is measured, unless a figure says. */
export function benchAppEnv(uri: string, dataDir: string, env: Record<string, string> = {}) {
  return {
    PORT: '0',
    DATA_DIR: dataDir,
    MONGODB_URI: uri,
    ADMIN_USERNAME: BENCH_ADMIN.username,
    ADMIN_PASSWORD: BENCH_ADMIN.password,
    LOG_LEVEL: 'silent',
    JOBS_ENABLED: 'false',
    BOT_PUPPET: 'mock',
    SEND_RATE_PER_MINUTE: '6000',
    SEND_BURST: '100',
    STAFFED_HOURS: '',
    ...env,
  }
}

/** Starts the app on database `name`; `fresh` drops it first (otherwise it runs on what a figure seeded). */
export async function startBenchApp(ctx: BenchContext, name: string, options: { fresh?: boolean; env?: Record<string, string>; countCommands?: boolean } = {}): Promise<BenchApp> {
  if (options.fresh ?? true) await ctx.depsOf(name).db.dropDatabase()
  return startAppAt(ctx.uriFor(name), options.env, options.countCommands)
}

/** Starts the app on the database at `uri` (a child process has no context, only the URI). */
export async function startAppAt(uri: string, env?: Record<string, string>, countCommands = false): Promise<BenchApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'caredesk-bench-app-'))
  // The driver's command events (a URI option) count the app's round trips; off, they cost nothing.
  const appUri = countCommands ? `${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true` : uri
  const running = await startCareDesk({ config: loadConfig(benchAppEnv(appUri, dataDir, env)) })
  const commands: CommandCount = { total: 0, writes: 0, reset: () => Object.assign(commands, { total: 0, writes: 0 }) }
  running.deps.db.getClient().on('commandStarted', (event: { commandName: string }) => {
    commands.total++
    if (WRITE_COMMANDS.has(event.commandName)) commands.writes++
  })
  await running.bot?.resumed // the start's one read of every conversation is not what a figure measures
  const sandbox = running.bot?.channels.map((channel) => (channel as { sandbox?: Sandbox | null }).sandbox).find(Boolean)
  if (!sandbox) throw new Error('the bench needs the sandbox puppet (BOT_PUPPET=mock)')

  const waiters = new Map<string, Array<{ match: (entry: TranscriptEntry) => boolean; resolve: (entry: TranscriptEntry) => void }>>()
  const unsubscribe = sandbox.onTranscript((customerId, entry) => {
    if (entry.from !== 'bot') return
    const list = waiters.get(customerId)
    const index = list?.findIndex((w) => w.match(entry)) ?? -1
    if (index < 0) return
    const [waiter] = list!.splice(index, 1)
    waiter.resolve(entry)
  })

  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const response = await fetch(`${running.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    return { status: response.status, body: text ? JSON.parse(text) : null }
  }

  return {
    running,
    commands,
    url: running.url,
    sandbox,
    post: (path, body, token) => call('POST', path, body, token),
    get: (path, token) => call('GET', path, undefined, token),
    async login() {
      const res = await call('POST', '/api/auth/login', BENCH_ADMIN)
      if (res.status !== 200) throw new Error(`bench login failed: ${res.status}`)
      return res.body.token as string
    },
    nextBotLine(customerId, match = () => true, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const list = waiters.get(customerId) ?? []
        const timer = setTimeout(() => {
          list.splice(list.indexOf(waiter), 1)
          reject(new Error(`no reply to sandbox customer ${customerId} within ${timeoutMs} ms`))
        }, timeoutMs)
        const waiter = { match, resolve: (entry: TranscriptEntry) => (clearTimeout(timer), resolve(entry)) }
        list.push(waiter)
        waiters.set(customerId, list)
      })
    },
    async stop() {
      unsubscribe()
      await running.stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Runs `work` over the items with at most `limit` at a time. */
export async function inParallel<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++
      await work(items[index], index)
    }
  })
  await Promise.all(lanes)
}
