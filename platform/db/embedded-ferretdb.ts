import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, openSync, closeSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import mongoose from 'mongoose'
import type { Logger } from '../log.ts'
import { FERRETDB_VERSION, ferretdbBinaryPath } from './ferretdb-location.mjs'

export interface EmbeddedDatabase {
  /** Base URI without a database name, e.g. mongodb://127.0.0.1:40123 */
  uri: string
  logFile: string
  stop(): Promise<void>
}

export interface EmbeddedOptions {
  dataDir: string
  log: Logger
  /** Called if FerretDB exits while the app still needs it. */
  onCrash?: (message: string) => void
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

function lastLines(file: string, count = 8): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-count).join('\n')
  } catch {
    return '(no log)'
  }
}

async function answersPing(uri: string): Promise<boolean> {
  const conn = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 })
  try {
    await conn.asPromise()
    await conn.db!.admin().ping()
    return true
  } catch {
    return false
  } finally {
    await conn.close().catch(() => {})
  }
}

/**
 * Starts FerretDB (MongoDB wire protocol over SQLite) on a free loopback port, with its data,
 * state and log under dataDir, telemetry off and no debug listener, so several instances
 * (tests, a second app) run side by side.
 */
export async function startEmbeddedFerretDB({ dataDir, log, onCrash }: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const binary = ferretdbBinaryPath()
  if (!existsSync(binary)) {
    throw new Error(
      `The embedded database (FerretDB ${FERRETDB_VERSION}) is not built: ${binary} is missing. ` +
        'Run `npm install` with Go >= 1.24 on the PATH, or set MONGODB_URI to a MongoDB server.',
    )
  }
  const root = join(dataDir, 'ferretdb')
  const sqliteDir = join(root, 'sqlite')
  const stateDir = join(root, 'state')
  mkdirSync(sqliteDir, { recursive: true })
  mkdirSync(stateDir, { recursive: true })
  const logFile = join(root, 'ferretdb.log')

  for (let attempt = 1; ; attempt++) {
    const port = await freeLoopbackPort()
    const uri = `mongodb://127.0.0.1:${port}`
    const logFd = openSync(logFile, 'a')
    const child = spawn(
      binary,
      [
        '--handler=sqlite',
        // WAL (FerretDB's default) with synchronous=NORMAL: a commit survives the app or FerretDB
        // being killed, only an OS crash or power cut can lose the last ones; writes ~35 % faster.
        `--sqlite-url=file:${sqliteDir}/?_pragma=synchronous(normal)`,
        `--listen-addr=127.0.0.1:${port}`,
        `--state-dir=${stateDir}`,
        '--debug-addr=-',
        '--telemetry=disable',
        '--log-level=warn',
        '--log-format=text',
      ],
      { stdio: ['ignore', logFd, logFd] },
    )
    closeSync(logFd)
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    let running = true
    void exited.then(() => (running = false))

    const deadline = Date.now() + 30_000
    while (running && Date.now() < deadline && !(await answersPing(uri))) {
      await new Promise((r) => setTimeout(r, 100))
    }
    if (running && Date.now() < deadline) {
      log.info({ port, logFile }, 'embedded database (FerretDB) is up')
      return attachLifecycle(child, exited, uri, logFile, log, onCrash)
    }
    child.kill('SIGKILL')
    await exited
    // Another process may have taken the port between our probe and FerretDB's bind: try again.
    if (attempt >= 3) {
      throw new Error(`The embedded database did not start (see ${logFile}):\n${lastLines(logFile)}`)
    }
  }
}

function attachLifecycle(
  child: ChildProcess,
  exited: Promise<number | null>,
  uri: string,
  logFile: string,
  log: Logger,
  onCrash?: (message: string) => void,
): EmbeddedDatabase {
  let stopping = false
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  void exited.then((code) => {
    process.off('exit', killOnExit)
    if (stopping) return
    const message = `The embedded database (FerretDB) stopped unexpectedly with code ${code}; see ${logFile}:\n${lastLines(logFile)}`
    log.fatal({ code, logFile }, 'embedded database crashed')
    onCrash?.(message)
  })
  return {
    uri,
    logFile,
    async stop() {
      if (stopping) return exited.then(() => {})
      stopping = true
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    },
  }
}
