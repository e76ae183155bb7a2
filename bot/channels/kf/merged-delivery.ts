import { recordDeliveryOutcome } from '../../../core/conversations/service.ts'
import type { Deps } from '../../../platform/deps.ts'
import { outboxModel, type OutboxDoc } from '../../../platform/outbox/model.ts'
import { claimQueued, settleClaimed } from '../../../platform/outbox/row-changes.ts'
import { SendError } from '../../../platform/outbox/send-error.ts'

/**
 * The bot answers in several lines (an answer, then "已为您转接人工客服"), which the outbox queues
 * as `<prefix>:0`, `<prefix>:1`, … — on 微信客服 each would use one of the five replies a customer
 * message allows. So when the outbox hands over line 0, the lines after it that are still queued
 * are taken too (queued → sending, as the outbox itself would) and go out as one message, within
 * send_msg's 2,048 bytes. They then end like the line they rode with: sent, failed, or queued
 * again just behind it.
 */

export const KF_TEXT_MAX_BYTES = 2048
const SEPARATOR = '\n\n'
const MAX_SIBLINGS = 9
const LINES_SETTLE_MS = 200

const bytes = (text: string) => Buffer.byteLength(text, 'utf8')

export async function deliverMerged(
  deps: Pick<Deps, 'db' | 'log'>,
  message: OutboxDoc,
  send: (text: string) => Promise<{ providerMessageId?: string }>,
): Promise<{ providerMessageId?: string; mergedKeys: string[] }> {
  const { db } = deps
  const Outbox = outboxModel(db)
  const numbered = /^(.*):(\d+)$/.exec(message.key)
  const siblings: OutboxDoc[] = []
  if (numbered) {
    const [, prefix, index] = numbered
    // A reply's lines are queued one after another, milliseconds apart: give the later ones that long to arrive.
    const settle = index === '0' ? new Date((message as { createdAt?: Date }).createdAt ?? 0).getTime() + LINES_SETTLE_MS - Date.now() : 0
    if (settle > 0) await new Promise((r) => setTimeout(r, settle))
    const keys = Array.from({ length: MAX_SIBLINGS }, (_, i) => `${prefix}:${Number(index) + i + 1}`)
    const queued = await Outbox.find({ key: { $in: keys }, status: 'queued', account: message.account, recipient: message.recipient }).lean<OutboxDoc[]>()
    const byKey = new Map(queued.map((row) => [row.key, row]))
    let size = bytes(message.text)
    const mergeId = `kf-merge:${message.key}`
    for (const key of keys) {
      const row = byKey.get(key)
      if (!row || size + bytes(SEPARATOR) + bytes(row.text) > KF_TEXT_MAX_BYTES) break // only an unbroken run, in order
      const taken = await claimQueued(db, row._id, mergeId)
      if (!taken) break
      siblings.push(taken)
      size += bytes(SEPARATOR) + bytes(row.text)
    }
  }

  const text = [message.text, ...siblings.map((s) => s.text)].join(SEPARATOR)
  try {
    const result = await send(text)
    for (const sibling of siblings) {
      await settleClaimed(db, sibling, { status: 'sent', providerMessageId: result.providerMessageId, note: `merged into ${message.key}` })
      await afterward(deps, sibling, 'sent')
    }
    return { ...result, mergedKeys: siblings.map((s) => s.key) }
  } catch (err) {
    const failure = err instanceof SendError ? err : new SendError('transient', 'unexpected', err instanceof Error ? err.message : String(err))
    for (const sibling of siblings) {
      if (failure.kind === 'permanent') {
        await settleClaimed(db, sibling, { status: 'failed', lastError: `${failure.reason}: ${failure.message}` })
        await afterward(deps, sibling, 'failed')
      } else {
        // Back in the queue right behind the line it rode with (the outbox retries that one after the same back-off).
        const backoff = failure.retryAfterMs ?? Math.min(2 ** message.attempts * 1000, 5 * 60_000)
        await settleClaimed(db, sibling, { status: 'queued', retryAt: new Date(Date.now() + backoff + 1) })
      }
    }
    throw failure
  }
}

async function afterward(deps: Pick<Deps, 'db' | 'log'>, sibling: OutboxDoc, status: 'sent' | 'failed') {
  try {
    await recordDeliveryOutcome(deps, sibling, status)
  } catch (err) {
    deps.log.error({ err }, 'recording a merged delivery failed')
  }
}
