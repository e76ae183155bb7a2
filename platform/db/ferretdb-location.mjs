// Where the embedded FerretDB binary lives; shared by the postinstall build and the app.
// A per-user cache keyed by version, so every clone and CI run on a machine reuses one build.
import { homedir } from 'node:os'
import { join } from 'node:path'

export const FERRETDB_VERSION = 'v1.24.2'
/** Names the one-line patch applied at build (scripts/ferretdb-patch.mjs): a binary built without it lives elsewhere and is never reused. */
export const FERRETDB_PATCH_ID = 'idindex1'
export const FERRETDB_BUILD = `${FERRETDB_VERSION}+${FERRETDB_PATCH_ID}`

/** @param {NodeJS.ProcessEnv} [env] */
export function ferretdbBinaryPath(env = process.env) {
  if (env.FERRETDB_BIN) return env.FERRETDB_BIN
  const cacheRoot = env.XDG_CACHE_HOME || join(homedir(), '.cache')
  return join(cacheRoot, 'caredesk', `ferretdb-${FERRETDB_BUILD}`, 'ferretdb')
}
