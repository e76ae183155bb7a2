import { randomUUID } from 'node:crypto'
import type { Middleware } from 'koa'

const acceptable = /^[\w.-]{1,64}$/

export const requestId: Middleware = async (ctx, next) => {
  const incoming = ctx.get('x-request-id')
  ctx.state.requestId = acceptable.test(incoming) ? incoming : randomUUID()
  ctx.set('X-Request-Id', ctx.state.requestId)
  await next()
}
