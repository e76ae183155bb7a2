import { createReadStream, existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type Router from '@koa/router'

/** swagger-ui-dist is a dev dependency: where it is not installed (a production install), /api/docs does not exist. */
function swaggerUiDir(): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
  } catch {
    return null
  }
}

const FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'index.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>CareDesk API</title>
  <link rel="stylesheet" href="/api/docs/swagger-ui.css">
  <link rel="stylesheet" href="/api/docs/index.css">
  <link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png" sizes="32x32">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/swagger-ui-bundle.js"></script>
  <script src="/api/docs/swagger-ui-standalone-preset.js"></script>
  <script src="/api/docs/caredesk-initializer.js"></script>
</body>
</html>
`

// A file, not an inline script, so a Content-Security-Policy without 'unsafe-inline' still shows the page.
const INITIALIZER = `window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
})
`

/** GET /api/docs: the served OpenAPI document, browsable (Swagger UI from node_modules; no CDN, works offline). */
export function mountApiDocs(router: Router, dir = swaggerUiDir()) {
  if (!dir) return
  router.get('/api/docs', (ctx) => {
    ctx.type = 'text/html; charset=utf-8'
    ctx.body = PAGE
  })
  router.get('/api/docs/caredesk-initializer.js', (ctx) => {
    ctx.type = 'text/javascript; charset=utf-8'
    ctx.body = INITIALIZER
  })
  router.get('/api/docs/:file', (ctx, next) => {
    const type = FILES[ctx.params.file]
    const file = type && join(dir, ctx.params.file)
    if (!file || !existsSync(file)) return next()
    ctx.type = type
    ctx.set('Cache-Control', 'public, max-age=86400')
    ctx.body = createReadStream(file)
  })
}
