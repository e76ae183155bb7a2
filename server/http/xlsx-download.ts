import type { Context } from 'koa'
import { XLSX } from './route.ts'

/** Answers an .xlsx download, named in ASCII for old clients and in Chinese (RFC 5987 `filename*`) for the rest. */
export async function sendXlsx(ctx: Context, name: { ascii: string; chinese: string }, workbook: Promise<Buffer>): Promise<void> {
  ctx.set('Content-Type', XLSX)
  ctx.set('Content-Disposition', `attachment; filename="${name.ascii}"; filename*=UTF-8''${encodeURIComponent(name.chinese)}`)
  ctx.body = await workbook
}
