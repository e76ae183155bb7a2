import type { Types } from 'mongoose'
import { conversationMessageModel, conversationModel, type ConversationDoc } from '../../../core/conversations/model.ts'
import type { Deps } from '../../../platform/deps.ts'
import { isDuplicateKeyError } from '../../../platform/errors.ts'
import { outboxModel } from '../../../platform/outbox/model.ts'
import { isTransientWecomError, WecomApiError, type WecomApiClient } from '../../../platform/wecom/api-client.ts'
import { wecomCopy } from '../wecom/copy.ts'
import { kfHandoffModel } from './models.ts'

/**
 * When a 微信客服 conversation is escalated or claimed, the WeCom session goes to a person:
 * kf/service_state/trans to state 3 with the configured servicer (who answers in the WeCom
 * client), or to state 2 (the 待接入池) when none is configured or WeCom refuses the servicer (not
 * 正在接待). From then on WeCom refuses the API's messages (95018), and the bot stays silent anyway
 * (the pipeline does not answer escalated or agent conversations).
 *
 * It happens after the bot's last words: only once no message to this conversation is still
 * queued or being sent, so "已为您转接人工客服" reaches the customer before the session moves.
 * Once per escalation: the claim is an insert keyed by the conversation and the escalation's start.
 */

export const SERVICE_STATE = { botReception: 1, waitingPool: 2, human: 3 } as const

export interface HandoffOptions {
  openKfId: string
  servicerUserId: string | null
}

export async function handOffIfEscalated(
  deps: Pick<Deps, 'db' | 'log' | 'clock'>,
  client: WecomApiClient,
  options: HandoffOptions,
  conversationId: Types.ObjectId | string,
  exceptOutboxKeys: string[] = [],
): Promise<'handed_off' | 'not_needed' | 'waiting' | 'failed'> {
  const { db, log } = deps
  const conversation = await conversationModel(db).findById(conversationId).lean<ConversationDoc>()
  if (!conversation || conversation.channel !== 'kf' || (conversation.status !== 'escalated' && conversation.status !== 'agent')) return 'not_needed'
  const unsent = await outboxModel(db).countDocuments({ conversationId: conversation._id, status: { $in: ['queued', 'sending'] }, key: { $nin: exceptOutboxKeys } })
  if (unsent > 0) return 'waiting' // the send that empties the queue hands off

  const episode = (conversation.escalatedAt ?? conversation.claimedAt ?? conversation.updatedAt).getTime()
  const Handoff = kfHandoffModel(db)
  const id = `${String(conversation._id)}:${episode}`
  try {
    await Handoff.create({ _id: id, conversationId: conversation._id, externalId: conversation.externalId, status: 'pending', at: new Date() })
  } catch (err) {
    if (isDuplicateKeyError(err)) return 'not_needed'
    throw err
  }

  const trans = (serviceState: number, servicer?: string) =>
    client.post<{ msg_code?: string }>('/cgi-bin/kf/service_state/trans', {
      open_kfid: options.openKfId,
      external_userid: conversation.externalId,
      service_state: serviceState,
      ...(servicer ? { servicer_userid: servicer } : {}),
    })

  let state: number = SERVICE_STATE.waitingPool
  let servicer: string | null = null
  try {
    if (options.servicerUserId) {
      try {
        await trans(SERVICE_STATE.human, options.servicerUserId)
        state = SERVICE_STATE.human
        servicer = options.servicerUserId
      } catch (err) {
        if (isTransientWecomError(err)) throw err
        log.warn({ err: err instanceof Error ? err.message : String(err), servicer: options.servicerUserId }, '微信客服: the servicer could not take the chat (not 正在接待?); putting it in the 待接入池')
        await trans(SERVICE_STATE.waitingPool)
      }
    } else {
      await trans(SERVICE_STATE.waitingPool)
    }
  } catch (err) {
    const transient = isTransientWecomError(err)
    log.error({ err: err instanceof Error ? err.message : String(err), conversationId: String(conversation._id) }, '微信客服 hand-off to a person failed')
    if (transient) await Handoff.deleteOne({ _id: id }) // the next trigger tries again
    else await Handoff.updateOne({ _id: id }, { $set: { status: 'failed', error: err instanceof WecomApiError ? `${err.errcode}: ${err.errmsg}` : String(err) } })
    return 'failed'
  }
  await Handoff.updateOne({ _id: id }, { $set: { status: 'done', serviceState: state, ...(servicer ? { servicerUserId: servicer } : {}) } })
  await conversationMessageModel(db)
    .create({ conversationId: conversation._id, direction: 'out', from: 'system', type: 'other', text: wecomCopy.notes.servicerTookOver(servicer), at: deps.clock.now(), providerMessageId: `kf-handoff:${id}` })
    .catch((err: unknown) => {
      if (!isDuplicateKeyError(err)) throw err
    })
  log.info({ conversationId: String(conversation._id), serviceState: state }, '微信客服 chat handed to a person')
  return 'handed_off'
}
