import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { startEmbeddedFerretDB } from '../../platform/db/embedded-ferretdb.ts'
import { createLogger } from '../../platform/log.ts'

/** One embedded FerretDB for the whole run (each test app gets its own database in it), or TEST_MONGODB_URI. */
export default async function setup(project: TestProject) {
  if (process.env.TEST_MONGODB_URI) {
    project.provide('mongoBaseUri', process.env.TEST_MONGODB_URI)
    return
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'caredesk-test-db-'))
  const db = await startEmbeddedFerretDB({ dataDir, log: createLogger('warn') })
  project.provide('mongoBaseUri', db.uri)
  return async () => {
    await db.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    mongoBaseUri: string
  }
}
