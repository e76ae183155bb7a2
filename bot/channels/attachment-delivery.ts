import { carriesAttachment } from '../../core/channels/capabilities.ts'
import type { OutboxDoc } from '../../platform/outbox/model.ts'
import { SendError } from '../../platform/outbox/send-error.ts'
import type { Channel } from '../../core/channels/channel.ts'

/**
 * One outbox row — a text and maybe an attachment — sent as one unit on a channel that sends them
 * as two messages (a Wechaty puppet): the text first, then the image or mini-program card. Once
 * the text is out, nothing may make the outbox send the row again: a failing attachment is
 * answered as `attachmentError` (the row ends `sent`, the delivery shows the attachment failed),
 * never thrown. A crash between the two leaves the row `sending`, which the outbox marks
 * `uncertain` and never resends.
 */
export async function sendTextThenAttachment(channel: Channel, message: Pick<OutboxDoc, 'recipient' | 'text' | 'attachment'>): Promise<{ providerMessageId?: string; attachmentError?: string }> {
  const sent = (await channel.sendText(message.recipient, message.text)) ?? {}
  const attachment = message.attachment
  if (!attachment) return sent
  if (!channel.sendAttachment || !carriesAttachment(channel.capabilities.media, attachment.kind)) {
    return { ...sent, attachmentError: `channel_cannot_carry: this ${channel.kind} account cannot send a ${attachment.kind === 'image' ? 'picture' : 'mini-program card'}` }
  }
  try {
    await channel.sendAttachment(message.recipient, attachment)
    return sent
  } catch (err) {
    const reason = err instanceof SendError ? err.reason : 'attachment_failed'
    return { ...sent, attachmentError: `${reason}: ${err instanceof Error ? err.message : String(err)}` }
  }
}
