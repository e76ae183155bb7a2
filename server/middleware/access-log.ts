import type { Middleware } from 'koa'
import type { Logger } from '../../platform/log.ts'

/** One line per request: never the query string or body, which may carry personal data. */
export function accessLog(log: Logger): Middleware {
  return async (ctx, next) => {
    const started = performance.now()
    try {
      await next()
    } finally {
      if (ctx.path !== '/healthz') {
        log.info(
          {
            requestId: ctx.state.requestId,
            method: ctx.method,
            path: ctx.path,
            status: ctx.status,
            ms: Math.round(performance.now() - started),
            staffId: ctx.state.staff?.id,
          },
          'request',
        )
      }
    }
  }
}
