import { recordDeliveryOutcome } from '../../../core/conversations/service.ts'
import type { Deps } from '../../../platform/deps.ts'
import { outboxModel, type OutboxDoc } from '../../../platform/outbox/model.ts'
import { failAfterSent } from '../../../platform/outbox/row-changes.ts'

/** msg_send_fail's fail_type, for the delivery record. */
const SEND_FAIL_TYPES: Record<number, string> = {
  0: 'unknown',
  1: 'kf_account_deleted',
  2: 'app_closed',
  4: 'window_closed',
  5: 'session_ended',
  6: 'window_limit',
  7: 'no_channels_account',
  8: 'corp_unverified',
  9: 'no_channels_account_and_unverified',
  10: 'customer_refuses',
}

/**
 * msg_send_fail: WeCom accepted a message and later could not deliver it, so the sent outbox row
 * becomes failed and the history says so.
 */
export async function recordLateSendFailure(deps: Pick<Deps, 'db' | 'log'>, account: string, failure: { msgid: string; failType: number }): Promise<void> {
  const { db } = deps
  const Outbox = outboxModel(db)
  const reason = `kf_send_fail_${SEND_FAIL_TYPES[failure.failType] ?? failure.failType}`
  for (const row of await Outbox.find({ providerMessageId: failure.msgid, account }).lean<OutboxDoc[]>()) {
    await failAfterSent(db, row._id, reason)
    await recordDeliveryOutcome(deps, row, 'failed')
  }
  deps.log.warn({ reason }, '微信客服 could not deliver a message it had accepted')
}
