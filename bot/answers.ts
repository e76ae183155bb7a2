import { couponListReply } from '../core/coupons/copy.ts'
import { listMemberCoupons } from '../core/coupons/service.ts'
import { optInConfirmation, optOutConfirmation } from '../core/members/copy.ts'
import { setOptedOut } from '../core/members/service.ts'
import { pointsReply } from '../core/points/copy.ts'
import { pointsSummary } from '../core/points/service.ts'
import { cancelQueued } from '../platform/outbox/outbox.ts'
import { botCopy } from './copy.ts'
import type { DialogContext } from './dialogs/dialog.ts'
import type { NluResult } from '../core/nlu/intents.ts'
import type { Reply } from './pipeline.ts'

const RESUBSCRIBE = /^(订阅|重新订阅|恢复推送|开启推送)$/

/** One-turn answers: the intents that need no dialog. */
export async function answerIntent(ctx: DialogContext, nlu: NluResult, text: string): Promise<Omit<Reply, 'intent'>> {
  const { deps, memberId, clinic, clinics } = ctx
  switch (nlu.intent) {
    case 'greeting':
      return { texts: [botCopy.greeting(clinic), botCopy.menu] }
    case 'thanks':
      return { texts: [botCopy.thanks] }
    case 'clinic_info': {
      const asked = clinics.find((c) => c.code === nlu.slots.clinic)
      const others = clinics.filter((c) => c.code !== (asked ?? clinic).code)
      return { texts: [asked || !others.length ? botCopy.clinicInfo(asked ?? clinic) : `${botCopy.clinicInfo(clinic)}\n${botCopy.otherClinics(others)}`] }
    }
    case 'coupon_query':
      return { texts: [couponListReply(memberId ? await listMemberCoupons(deps, memberId) : [])] }
    case 'points_query':
      return { texts: [memberId ? pointsReply(await pointsSummary(deps, memberId)) : botCopy.menu] }
    case 'opt_out':
      if (!memberId) return { texts: [optOutConfirmation()] }
      await setOptedOut(deps, memberId, true)
      // Honoured at once, also for marketing messages already queued for this member.
      await cancelQueued(deps.db, { memberId, origin: { $in: ['broadcast', 'care'] } })
      return { texts: [optOutConfirmation()] }
    case 'report_query':
      return { texts: [botCopy.reportQuery], escalate: { reason: 'report_query', priority: 4 } }
    case 'human_agent':
      return { texts: [], escalate: { reason: 'customer_asked', priority: 4 } }
    default:
      if (memberId && RESUBSCRIBE.test(text.trim())) {
        await setOptedOut(deps, memberId, false)
        return { texts: [optInConfirmation()] }
      }
      return { texts: [nlu.offTopic ? botCopy.offTopic : botCopy.notUnderstood, botCopy.menu] }
  }
}
