import type { Types } from 'mongoose'
import { transition } from '../../platform/db/atomic.ts'
import type { Deps } from '../../platform/deps.ts'
import { invitationModel, type InvitationDoc } from './model.ts'

/** Marks an invitation's first message as delivered (guarded, like every write to an invitation). */
export async function markDelivered(deps: Pick<Deps, 'db'>, id: Types.ObjectId, now: Date): Promise<void> {
  await transition<InvitationDoc>(deps.db, invitationModel(deps.db), id, (doc) => !doc.deliveredAt, () => ({ $set: { deliveredAt: now } }))
}

/** The follow-up an answer asked for is written: the crash sweep need not open it. */
export async function clearFollowUpPending(deps: Pick<Deps, 'db'>, id: Types.ObjectId): Promise<void> {
  await transition<InvitationDoc>(deps.db, invitationModel(deps.db), id, (doc) => Boolean(doc.followUpPending), () => ({ $unset: { followUpPending: 1 } }))
}
