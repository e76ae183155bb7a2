import type { Middleware } from 'koa'
import { badRequest } from '../../platform/errors.ts'
import { readBody } from '../http/read-body.ts'

const LIMIT_BYTES = 1024 * 1024

/** Parses JSON bodies; malformed JSON is a 400, an oversized body a 413. */
export const jsonBody: Middleware = async (ctx, next) => {
  if (!['POST', 'PUT', 'PATCH'].includes(ctx.method) || !ctx.is('json')) return next()
  const raw = (await readBody(ctx, LIMIT_BYTES, 'The request body is larger than 1 MB.')).toString('utf8')
  try {
    ctx.request.body = raw.trim() === '' ? {} : JSON.parse(raw)
  } catch {
    throw badRequest('malformed_json', 'The request body is not valid JSON.')
  }
  await next()
}

declare module 'koa' {
  interface Request {
    body?: unknown
  }
}
