import type { Deps } from '../../../platform/deps.ts'
import { isDuplicateKeyError } from '../../../platform/errors.ts'
import type { WecomApiClient } from '../../../platform/wecom/api-client.ts'
import { noteOnConversation } from '../system-notes.ts'
import { wecomCopy } from '../wecom/copy.ts'
import { recordLateSendFailure } from './late-send-failure.ts'
import { kfSeenEventModel } from './models.ts'
import type { KfSyncMessage } from './sync.ts'
import { welcomeToKfSession, type KfWelcomeOptions } from './welcome.ts'

/** 3: the servicer (or WeCom) ended the session; the customer's next message opens a new one. */
const SESSION_ENDED = 3

/** The events sync_msg brings (msgtype `event`), each handled once by its msgid. */
export function createKfEvents(deps: Deps, client: WecomApiClient, options: KfWelcomeOptions) {
  const { db, log } = deps

  return async function handleEvent(message: KfSyncMessage): Promise<void> {
    const event = message.event ?? {}
    try {
      await kfSeenEventModel(db).create({ _id: message.msgid, at: new Date() })
    } catch (err) {
      if (isDuplicateKeyError(err)) return
      throw err
    }
    switch (event.event_type) {
      case 'enter_session':
        if (event.welcome_code && event.external_userid) {
          await welcomeToKfSession(deps, client, options, {
            msgid: message.msgid,
            externalId: event.external_userid,
            welcomeCode: event.welcome_code,
            sceneParam: event.scene_param ?? '',
            sentAt: message.send_time ?? Math.floor(Date.now() / 1000),
          })
        }
        return
      case 'msg_send_fail':
        if (event.fail_msgid) await recordLateSendFailure(deps, options.account, { msgid: event.fail_msgid, failType: event.fail_type ?? 0 })
        return
      case 'session_status_change':
        log.info({ changeType: event.change_type, servicer: event.new_servicer_userid ?? null }, '微信客服 session status changed')
        if (event.change_type === SESSION_ENDED && event.external_userid) {
          await noteOnConversation(deps, { channel: 'kf', externalId: event.external_userid }, { providerMessageId: `kf-event:${message.msgid}`, text: wecomCopy.notes.sessionEnded })
        }
        return
      default:
        log.debug({ eventType: event.event_type }, '微信客服 event ignored')
    }
  }
}
