import type { OutboxDoc } from '../../../platform/outbox/model.ts'
import { SendError } from '../../../platform/outbox/send-error.ts'
import type { WecomApiClient } from '../../../platform/wecom/api-client.ts'
import { toSendError } from '../../../platform/wecom/api-client.ts'

/** WeCom refuses these for good: the member left, or is outside the app's visible range. */
const PERMANENT: Record<number, string> = { 60111: 'wecom_user_not_found', 81013: 'wecom_user_not_visible', 60020: 'wecom_ip_not_allowed' }

/**
 * Sends one staff notification as a WeCom app message (message/send, textcard): the row's text is
 * the description, its card the title and the console link. Errors read as the outbox's SendError.
 */
export async function sendAppMessage(client: WecomApiClient, agentId: number, row: OutboxDoc): Promise<{ providerMessageId?: string }> {
  try {
    const answer = await client.post<{ msgid?: string; invaliduser?: string }>('/cgi-bin/message/send', {
      touser: row.recipient,
      msgtype: 'textcard',
      agentid: agentId,
      textcard: { title: row.card?.title ?? '通知', description: row.text, url: row.card?.url ?? '', btntxt: '查看' },
    })
    // WeCom answers 0 and lists the account it could not reach: no such member (or not in the app's range).
    if (answer.invaliduser) throw new SendError('permanent', 'wecom_user_not_found', `message/send: invaliduser ${answer.invaliduser}`)
    return { providerMessageId: answer.msgid }
  } catch (err) {
    throw err instanceof SendError ? err : toSendError(err, PERMANENT)
  }
}
