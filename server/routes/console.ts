import { createReadStream, statSync } from 'node:fs'
import { extname, join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Middleware } from 'koa'

/** Where `npm run build:console` (scripts/build-console.mjs) puts the staff console. */
export const CONSOLE_DIST = fileURLToPath(new URL('../console/dist/', import.meta.url))

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
}

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>CareDesk</title>
<body style="font-family:sans-serif;max-width:640px;margin:80px auto;line-height:1.7">
<h2>员工控制台尚未构建</h2>
<p>The staff console has not been built. Run <code>npm run build:console</code> (it also runs during <code>npm install</code> and, when missing, <code>npm start</code>), then reload.</p>
<p>The API is running: <a href="/api/openapi.json">/api/openapi.json</a>, <a href="/healthz">/healthz</a>.</p></body></html>`

/** Paths that belong to the API, 404s included: the console never answers them. */
const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/') || path === '/healthz'

function fileAt(dist: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  const file = join(dist, normalize(decoded))
  if (!file.startsWith(dist.endsWith(sep) ? dist : dist + sep)) return null // outside dist
  try {
    return statSync(file).isFile() ? file : null
  } catch {
    return null
  }
}

/**
 * The staff console: built files from server/console/dist, and index.html for any other page path
 * (the single-page app routes in the browser). Mounted after the API's router, and never answering
 * /api/* or /healthz, so it cannot shadow the API.
 */
export function consoleRoutes(dist = CONSOLE_DIST): Middleware {
  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || isApiPath(ctx.path)) return next()
    const file = ctx.path === '/' ? null : fileAt(dist, ctx.path)
    ctx.set('X-Content-Type-Options', 'nosniff')
    if (file) {
      ctx.type = TYPES[extname(file)] ?? 'application/octet-stream'
      // Vite names assets by their content hash: cache them for good; everything else is revalidated.
      ctx.set('Cache-Control', ctx.path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache')
      ctx.length = statSync(file).size
      ctx.body = createReadStream(file)
      return
    }
    if (extname(ctx.path)) return next() // a missing file (e.g. /favicon.ico, an old asset): 404
    const index = fileAt(dist, '/index.html')
    ctx.set('Cache-Control', 'no-cache')
    ctx.type = 'text/html; charset=utf-8'
    if (!index) {
      ctx.status = 503
      ctx.body = NOT_BUILT
      return
    }
    ctx.body = createReadStream(index)
  }
}
