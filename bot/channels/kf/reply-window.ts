import type { Connection } from 'mongoose'
import { isDuplicateKeyError } from '../../../platform/errors.ts'
import { kfReplySlotModel, kfWindowModel, type KfWindowDoc } from './models.ts'

/**
 * 微信客服 lets us reply within 48 hours of the customer's last message, at most 5 messages per
 * customer message (WeCom 95001/95002 otherwise; both configurable). Each customer message opens a
 * window; a reply takes one of its numbered slots by inserting `${window}:${n}` — the unique index
 * makes the count exact across instances, where `$inc` on FerretDB would lose increments. When all
 * slots are taken the reply is held back, not sent.
 */

export async function openReplyWindow(db: Connection, window: { openKfId: string; externalId: string; msgid: string; openedAt: Date }): Promise<void> {
  try {
    await kfWindowModel(db).create({ _id: window.msgid, openKfId: window.openKfId, externalId: window.externalId, openedAt: window.openedAt, seenAt: new Date() })
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
  }
}

export type SlotOutcome = { slotId: string; n: number } | { refused: 'window_closed' | 'window_limit'; detail: string }

export async function takeReplySlot(
  db: Connection,
  input: { openKfId: string; externalId: string; windowHours: number; maxReplies: number; outboxKey: string; now?: Date },
): Promise<SlotOutcome> {
  const now = input.now ?? new Date() // a platform window runs on real time, not on the business clock
  const window = await kfWindowModel(db).findOne({ openKfId: input.openKfId, externalId: input.externalId }).sort({ openedAt: -1, seenAt: -1 }).lean<KfWindowDoc>()
  if (!window || now.getTime() - window.openedAt.getTime() >= input.windowHours * 3600_000) {
    return { refused: 'window_closed', detail: window ? `the customer last wrote ${window.openedAt.toISOString()}, more than ${input.windowHours} h ago` : 'the customer has not written to this account' }
  }
  const Slot = kfReplySlotModel(db)
  for (let n = 1; n <= input.maxReplies; n++) {
    try {
      await Slot.create({ _id: `${window._id}:${n}`, windowId: window._id, outboxKey: input.outboxKey, at: now })
      return { slotId: `${window._id}:${n}`, n }
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err
    }
  }
  return { refused: 'window_limit', detail: `${input.maxReplies} replies already went out since the customer's last message` }
}

/** A reply WeCom did not take does not count against the window. */
export async function releaseReplySlot(db: Connection, slotId: string): Promise<void> {
  await kfReplySlotModel(db).deleteOne({ _id: slotId })
}
