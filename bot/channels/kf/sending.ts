import type { Connection } from 'mongoose'
import type { MessageAttachment } from '../../../platform/outbox/model.ts'
import { SendError } from '../../../platform/outbox/send-error.ts'
import { toSendError, type WecomApiClient } from '../../../platform/wecom/api-client.ts'
import { mediaFailure, uploadedImageId } from '../../../platform/wecom/media.ts'
import { KF_TEXT_MAX_BYTES } from './merged-delivery.ts'
import { releaseReplySlot, takeReplySlot, type SlotOutcome } from './reply-window.ts'

/**
 * kf/send_msg: every message takes a slot of the customer's reply window first (reply-window.ts);
 * a message WeCom did not take gives its slot back.
 */

/** WeCom kf/send_msg codes after which retrying cannot help (developer.work.weixin.qq.com/document/path/94677). */
const KF_PERMANENT: Record<number, string> = {
  95001: 'window_limit', // over the 5 messages per customer message
  95002: 'window_closed', // 48 h since the customer's last message
  95013: 'session_ended',
  95018: 'human_servicing', // the session's state does not allow API messages (a person has it)
}

export interface KfSenderOptions {
  db: Connection
  client: WecomApiClient
  openKfId: string
  windowHours: number
  maxReplies: number
}

type Refusal = Extract<SlotOutcome, { refused: string }>

export function createKfSender({ db, client, openKfId, windowHours, maxReplies }: KfSenderOptions) {
  /** One kf/send_msg in a reply slot of its own: the refusal when the window has none left, the failure as a SendError. */
  async function sendInSlot(externalId: string, outboxKey: string, body: Record<string, unknown>): Promise<{ msgid?: string } | Refusal> {
    const slot = await takeReplySlot(db, { openKfId, externalId, windowHours, maxReplies, outboxKey })
    if ('refused' in slot) return slot
    try {
      return await client.post<{ msgid?: string }>('/cgi-bin/kf/send_msg', { touser: externalId, open_kfid: openKfId, ...body })
    } catch (err) {
      await releaseReplySlot(db, slot.slotId).catch(() => undefined) // best effort: a slot kept only costs one reply of the window
      throw toSendError(err, KF_PERMANENT)
    }
  }

  /** A text over 2,048 bytes goes in parts, each in its own slot. */
  async function sendReply(externalId: string, text: string, outboxKey: string): Promise<{ providerMessageId?: string }> {
    const parts = splitByBytes(text, KF_TEXT_MAX_BYTES)
    let last: string | undefined
    for (const [i, part] of parts.entries()) {
      const partlySent = (detail: string) => new SendError('permanent', 'partly_sent', `${i} of ${parts.length} parts went out; ${detail}`)
      let answer: Awaited<ReturnType<typeof sendInSlot>>
      try {
        answer = await sendInSlot(externalId, outboxKey, { msgtype: 'text', text: { content: part } })
      } catch (err) {
        if (i > 0 && err instanceof SendError) throw partlySent(`then ${err.reason}`)
        throw err
      }
      if ('refused' in answer) {
        if (i > 0) throw partlySent(answer.detail)
        throw new SendError('permanent', answer.refused, `held back, not sent: ${answer.detail}`)
      }
      last = answer.msgid
    }
    return { providerMessageId: last }
  }

  /**
   * The attachment after its text: a picture (media_id) or a mini-program card (thumb_media_id),
   * both uploaded as temporary media first, in a reply slot of their own. The text is already out,
   * so nothing here throws: a failure is answered as the reason, recorded on the row, and the row
   * is never sent again.
   */
  async function sendAttachmentAfterText(externalId: string, attachment: MessageAttachment, outboxKey: string): Promise<string | undefined> {
    let body: Record<string, unknown>
    try {
      body =
        attachment.kind === 'image'
          ? { msgtype: 'image', image: { media_id: await uploadedImageId(db, client, attachment.url) } }
          : {
              msgtype: 'miniprogram',
              miniprogram: { appid: attachment.appId, title: attachment.title, thumb_media_id: await uploadedImageId(db, client, attachment.thumbUrl), pagepath: attachment.pagePath },
            }
    } catch (err) {
      return mediaFailure(err).reason
    }
    try {
      const answer = await sendInSlot(externalId, `${outboxKey}:attachment`, body)
      return 'refused' in answer ? `${answer.refused}: ${answer.detail}` : undefined
    } catch (err) {
      if (err instanceof SendError) return `${err.reason}: ${err.message}`
      return `unexpected: ${err instanceof Error ? err.message : String(err)}`
    }
  }

  return { sendReply, sendAttachmentAfterText }
}

/** Cuts text into pieces of at most `max` UTF-8 bytes, preferring line breaks. */
export function splitByBytes(text: string, max: number): string[] {
  if (Buffer.byteLength(text) <= max) return [text]
  const parts: string[] = []
  let current = ''
  for (const char of text) {
    if (Buffer.byteLength(current + char) > max) {
      const lineBreak = current.lastIndexOf('\n')
      if (lineBreak > current.length / 2) {
        parts.push(current.slice(0, lineBreak))
        current = current.slice(lineBreak + 1)
      } else {
        parts.push(current)
        current = ''
      }
    }
    current += char
  }
  if (current) parts.push(current)
  return parts
}
