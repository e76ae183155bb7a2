import type { Middleware } from 'koa'
import { ZodError } from 'zod'
import { AppError } from '../../platform/errors.ts'
import type { Logger } from '../../platform/log.ts'

function send(ctx: Parameters<Middleware>[0], status: number, code: string, message: string, details?: unknown) {
  ctx.status = status
  ctx.body = { error: { code, message, ...(details === undefined ? {} : { details }) } }
}

/** Every failure leaves as the contract's error shape; bad input is a 4xx, never a 500. */
export function errorHandler(log: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next()
      if (ctx.status === 404 && ctx.body === undefined) {
        send(ctx, 404, 'not_found', `No route for ${ctx.method} ${ctx.path}.`)
      } else if (ctx.status === 405 || ctx.status === 501) {
        send(ctx, ctx.status, 'method_not_allowed', `${ctx.method} is not allowed on ${ctx.path}.`)
      }
    } catch (err) {
      if (err instanceof AppError) {
        send(ctx, err.status, err.code, err.message, err.details)
      } else if (err instanceof ZodError) {
        const fields = err.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }))
        const first = fields[0]
        const message = first ? `${first.path || 'request'}: ${first.message}` : 'Invalid request.'
        // Well-formed input that breaks a rule (a day that does not exist) is 422 with the rule's code;
        // anything malformed beside it makes the whole request 400.
        const ruleCodes = new Set(err.issues.map((issue) => (issue.code === 'custom' ? (issue.params?.ruleCode as string | undefined) : undefined)))
        const [ruleCode] = ruleCodes
        if (ruleCodes.size === 1 && ruleCode) send(ctx, 422, ruleCode, message, fields)
        else send(ctx, 400, 'validation_failed', message, fields)
      } else if ((err as { status?: number }).status && (err as { status: number }).status < 500 && (err as { expose?: boolean }).expose) {
        const e = err as { status: number; message: string; code?: string }
        send(ctx, e.status, e.code ?? 'bad_request', e.message)
      } else {
        log.error({ err, requestId: ctx.state.requestId, path: ctx.path }, 'unhandled error')
        send(ctx, 500, 'internal_error', `Something went wrong on our side (request ${ctx.state.requestId}).`)
      }
    }
  }
}
