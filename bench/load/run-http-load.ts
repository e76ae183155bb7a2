import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export interface HttpLoad {
  requestsPerSecond: number
  total: number
  non2xx: number
  errors: number
  timeouts: number
  p99Ms: number
}

/** Runs bench/load/http-load.mjs in a child process (the load must not share the server's event loop) and answers its summary. */
export function runHttpLoad(options: { origin: string; paths: string[]; headers?: Record<string, string>; connections: number; seconds: number }): Promise<HttpLoad> {
  const script = fileURLToPath(new URL('./http-load.mjs', import.meta.url))
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, JSON.stringify(options)], { timeout: (options.seconds + 30) * 1000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`the load process failed: ${err.message}\n${stderr}`))
      resolve(JSON.parse(stdout.trim().split('\n').pop()!) as HttpLoad)
    })
  })
}
