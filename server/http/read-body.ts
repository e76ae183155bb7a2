import type { Context } from 'koa'
import { AppError } from '../../platform/errors.ts'

/** The request body as bytes, refused with 413 (and `tooLarge` as the message) past `limitBytes`. */
export async function readBody(ctx: Context, limitBytes: number, tooLarge: string): Promise<Buffer> {
  if (Number(ctx.get('content-length') || 0) > limitBytes) throw new AppError('payload_too_large', 413, tooLarge)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length
    if (size > limitBytes) throw new AppError('payload_too_large', 413, tooLarge)
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}
