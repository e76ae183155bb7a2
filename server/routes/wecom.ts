import { listClinics } from '../../core/clinics/service.ts'
import type { Context } from 'koa'
import { z } from 'zod'
import { WecomApiError } from '../../platform/wecom/api-client.ts'
import { CallbackRejected, openEnvelope, parseWecomXml } from '../../platform/wecom/callback-crypto.ts'
import { storeCallback } from '../../platform/wecom/callback-inbox.ts'
import { ensureContactWays } from '../../platform/wecom/contact-ways.ts'
import { contactSettings, wecomAppSettings, type WecomAppSettings } from '../../platform/wecom/settings.ts'
import { sharedWecomClient } from '../../platform/wecom/shared-client.ts'
import { AppError, badRequest, notFound } from '../../platform/errors.ts'
import { readBody } from '../http/read-body.ts'
import { route } from '../http/route.ts'
import type { ServerDeps } from '../app.ts'

/**
 * WeCom's side of CareDesk: the callback URL of the self-built app (客户联系 and 微信客服 events
 * both arrive here; public, but every request must carry WeCom's signature and decrypt to our
 * CorpID), and the clinics' 联系我 QR codes for the counter.
 */

const CALLBACK_LIMIT_BYTES = 64 * 1024
const signed = { msg_signature: z.string().regex(/^[0-9a-fA-F]{40}$/), timestamp: z.string().min(1).max(20), nonce: z.string().min(1).max(64) }

const notConfigured = () => notFound('wecom_not_configured', 'WeCom is not configured on this server (WECOM_CORP_ID, WECOM_AGENT_SECRET, WECOM_TOKEN, WECOM_ENCODING_AES_KEY).')

function open(deps: ServerDeps, app: WecomAppSettings, query: { msg_signature: string; timestamp: string; nonce: string }, encrypted: string): string {
  try {
    return openEnvelope(app, query, encrypted)
  } catch (err) {
    if (!(err instanceof CallbackRejected)) throw err
    deps.log.warn({ reason: err.reason }, 'WeCom callback rejected')
    // One answer for every reason, so a prober learns nothing about which check failed.
    throw new AppError('invalid_signature', 401, 'The callback is not signed and encrypted for this WeCom app.')
  }
}

async function readRawBody(ctx: Context): Promise<string> {
  if (ctx.request.body !== undefined) throw badRequest('expected_xml', 'WeCom callbacks are XML.')
  return (await readBody(ctx, CALLBACK_LIMIT_BYTES, 'The callback body is larger than 64 KB.')).toString('utf8')
}

export const wecomRoutes = (deps: ServerDeps) => [
  route({
    method: 'get',
    path: '/api/wecom/callback',
    summary: 'WeCom URL verification: answers the decrypted echostr as plain text (401 when not signed for this app)',
    tag: 'wecom',
    access: 'public',
    query: z.object({ ...signed, echostr: z.string().min(1).max(2048) }),
    responses: { 200: { description: 'The decrypted echostr', media: ['text/plain'] }, 401: 'Bad signature or not for this CorpID', 404: 'WeCom not configured' },
    handler: ({ query, ctx }) => {
      const app = wecomAppSettings(deps.config)
      if (!app) throw notConfigured()
      // The query string is URL-decoded already; a literal "+" that arrived unencoded became a space (base64 has none).
      ctx.type = 'text/plain'
      ctx.body = open(deps, app, query, query.echostr.replace(/ /g, '+'))
    },
  }),
  route({
    method: 'post',
    path: '/api/wecom/callback',
    summary: 'WeCom callbacks (客户联系 contact changes, 微信客服 kf_msg_or_event): verified, stored once, answered at once and worked off asynchronously',
    tag: 'wecom',
    access: 'public',
    query: z.object(signed),
    responses: { 200: { description: '"success"', media: ['text/plain'] }, 400: 'Not WeCom XML', 401: 'Bad signature or not for this CorpID', 404: 'WeCom not configured' },
    handler: async ({ query, ctx }) => {
      const app = wecomAppSettings(deps.config)
      if (!app) throw notConfigured()
      const envelope = parseWecomXml(await readRawBody(ctx))
      if (!envelope.Encrypt) throw badRequest('expected_xml', 'The callback has no <Encrypt> element.')
      const fields = parseWecomXml(open(deps, app, query, envelope.Encrypt))
      // Stored, not handled: WeCom gives up after 5 s and retries; the bot instance picks it up at once.
      await storeCallback(deps.db, fields)
      ctx.type = 'text/plain'
      ctx.body = 'success'
    },
  }),
  route({
    method: 'get',
    path: '/api/wecom/contact-ways',
    summary: 'The 联系我 QR code of each clinic (created once per clinic on first request) for printing at the counter',
    tag: 'wecom',
    access: ['admin'],
    responses: {
      200: z.object({
        items: z.array(z.object({ clinicCode: z.string(), clinicName: z.string(), qrCode: z.string().nullable(), configId: z.string().nullable(), createdAt: z.string().nullable() })),
        total: z.number(),
      }),
      404: 'WeCom 客户联系 not configured',
      502: 'WeCom refused or did not answer',
    },
    handler: async () => {
      const settings = contactSettings(deps.config)
      const client = sharedWecomClient(deps)
      if (!settings || !client) throw notFound('wecom_not_configured', 'WeCom 客户联系 is not configured on this server (the WeCom app settings and WECOM_SENDER_USERID).')
      try {
        return await ensureContactWays(deps, client, settings.senderUserId, await listClinics(deps.db))
      } catch (err) {
        if (err instanceof WecomApiError) throw new AppError('wecom_error', 502, `WeCom answered ${err.errcode} (${err.errmsg}); see the server log for what to fix.`)
        throw err
      }
    },
  }),
]
