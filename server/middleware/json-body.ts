import type { Middleware } from 'koa'
import { AppError, badRequest } from '../../platform/errors.ts'

const LIMIT_BYTES = 1024 * 1024

/** Parses JSON bodies; malformed JSON is a 400, an oversized body a 413. */
export const jsonBody: Middleware = async (ctx, next) => {
  if (!['POST', 'PUT', 'PATCH'].includes(ctx.method) || !ctx.is('json')) return next()
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length
    if (size > LIMIT_BYTES) throw new AppError('payload_too_large', 413, 'The request body is larger than 1 MB.')
    chunks.push(chunk as Buffer)
  }
  const raw = Buffer.concat(chunks).toString('utf8')
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
