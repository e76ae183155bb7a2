import { deliveryModel, type DeliveryStatus } from '../../../core/broadcasts/model.ts'
import type { Deps } from '../../../platform/deps.ts'
import type { MassMessageStatus } from '../../../platform/wecom/models.ts'

/**
 * The broadcasts area (core/broadcasts) plans a 客户联系 recipient with route `mass_task` and
 * queues the message through the outbox under the delivery's outboxKey — the key this channel
 * plans the mass message under. Its delivery row goes queued → mass_task (handed to WeCom,
 * awaiting the staff member's confirmation; core/broadcasts mirrors that from the outbox) →
 * sent | failed | skipped, and that last step comes from here, when WeCom reports the customer's
 * result. Guarded by the statuses a mass-task delivery passes through, as core/broadcasts guards
 * its own updates; a row of another route is never touched.
 * (core/broadcasts/model.ts names a `recordMassTaskOutcome` for this; once it lands, call it here.)
 */

const IN_TASK: DeliveryStatus[] = ['queued', 'mass_task']

const FINAL: Partial<Record<MassMessageStatus, { status: DeliveryStatus; reason: string | null }>> = {
  sent: { status: 'sent', reason: null },
  not_friend: { status: 'skipped', reason: 'not_friend' },
  cap_reached: { status: 'skipped', reason: 'cap_reached' },
  cancelled: { status: 'skipped', reason: 'opted_out' },
  failed: { status: 'failed', reason: null },
}

/**
 * `attachmentError`: the task went out without the delivery's attachment (its cover could not be
 * used); recorded with the final status, in the same write.
 */
export async function reportOutcome(deps: Pick<Deps, 'db' | 'log' | 'clock'>, outboxKey: string, outcome: MassMessageStatus, reason?: string | null, attachmentError?: string | null): Promise<void> {
  const final = FINAL[outcome]
  if (!final) return
  try {
    await deliveryModel(deps.db).updateMany(
      { outboxKey, route: 'mass_task', status: { $in: IN_TASK } },
      {
        $set: {
          status: final.status,
          reason: final.reason ?? reason ?? null,
          settledAt: deps.clock.now(),
          ...(attachmentError ? { attachmentStatus: 'failed', attachmentReason: attachmentError } : {}),
        },
      },
    )
  } catch (err) {
    deps.log.warn({ err }, 'updating a broadcast delivery with its WeCom result failed')
  }
}
