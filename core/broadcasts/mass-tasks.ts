import type { Deps } from '../../platform/deps.ts'
import { deliveryModel, type DeliveryDoc } from './model.ts'

/**
 * WeCom 客户联系 hand-over. A delivery routed `mass_task` goes through the outbox like any other;
 * the 客户联系 channel's outbox delivery (bot/channels/wecom) turns the row into a planned
 * mass-message task under the same key, and the delivery reads `mass_task` (handed over,
 * awaiting the staff member's confirmation). When WeCom reports a customer's result, the WeCom
 * side records it here by that key, so the broadcast's progress shows it.
 */
/** WeCom's per-customer result (bot/channels/wecom `MassMessageStatus`; `cancelled` there means opted out before the task). */
export type MassTaskOutcome = 'sent' | 'not_friend' | 'cap_reached' | 'cancelled' | 'failed'

const STATUS_OF: Record<MassTaskOutcome, { status: DeliveryDoc['status']; reason: string | null }> = {
  sent: { status: 'sent', reason: null },
  // Not reachable through this channel any more, or over WeCom's monthly cap: nothing went wrong on our side.
  not_friend: { status: 'skipped', reason: 'not_friend' },
  cap_reached: { status: 'skipped', reason: 'cap_reached' },
  cancelled: { status: 'skipped', reason: 'opted_out' },
  failed: { status: 'failed', reason: 'mass_task_failed' },
}

/** True when `outboxKey` belongs to a broadcast or care delivery (keys `delivery:…`). */
export const isDeliveryKey = (outboxKey: string) => outboxKey.startsWith('delivery:')

/** Records a customer's final result of a mass-message task; answers false for a key that is not a delivery's. */
export async function recordMassTaskOutcome(deps: Pick<Deps, 'db' | 'clock'>, outboxKey: string, outcome: MassTaskOutcome, reason?: string): Promise<boolean> {
  if (!isDeliveryKey(outboxKey)) return false
  const { status, reason: defaultReason } = STATUS_OF[outcome]
  const result = await deliveryModel(deps.db).updateOne(
    { outboxKey, route: 'mass_task', status: { $in: ['queued', 'mass_task'] } },
    { $set: { status, reason: reason ?? defaultReason, settledAt: deps.clock.now() } },
  )
  return result.matchedCount === 1
}
