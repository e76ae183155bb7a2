import { existsSync } from 'node:fs'
import { startCareDesk } from './caredesk.ts'
import { ConfigError, loadConfig } from './platform/config.ts'

// `npm start`: settings from the environment, and from .env when present.
if (existsSync('.env')) process.loadEnvFile('.env')

let config
try {
  config = loadConfig()
} catch (err) {
  if (!(err instanceof ConfigError)) throw err
  console.error(`CareDesk cannot start: ${err.message}`)
  process.exit(2)
}

const fatal = (message: string) => {
  console.error(`CareDesk is stopping: ${message}`)
  process.exit(1)
}

try {
  const app = await startCareDesk({ config, onFatal: fatal })
  const shutdown = async (signal: string) => {
    console.log(`\n${signal}: stopping CareDesk…`)
    await app.stop()
    process.exit(0)
  }
  process.once('SIGINT', () => void shutdown('SIGINT'))
  process.once('SIGTERM', () => void shutdown('SIGTERM'))

  console.log(`\nCareDesk is running: open ${app.url}`)
  if (app.generatedAdminPassword) {
    console.log(`First admin created: username "${config.ADMIN_USERNAME}", password "${app.generatedAdminPassword}" (shown once; set ADMIN_PASSWORD to choose it).`)
  }
  if (config.BOT_PUPPET === 'mock') console.log('WeChat: sandbox (simulated customers, no real account).')
} catch (err) {
  fatal(err instanceof Error ? err.message : String(err))
}
