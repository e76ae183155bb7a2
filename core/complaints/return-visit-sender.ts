import { sendToMember } from '../conversations/notify-member.ts'
import { saveDialog } from '../conversations/service.ts'
import type { Deps } from '../../platform/deps.ts'
import { findOutboxRow } from '../../platform/outbox/outbox.ts'
import { returnVisitQuestion } from './copy.ts'
import { returnVisitDue } from './return-visits.ts'

export const RETURN_VISIT_DIALOG = 'complaint_return_visit'
const ANSWER_WITHIN_MS = 3 * 24 * 3600_000

/**
 * 投诉回访: asks each customer whose case closed a day ago whether the result satisfies them, in
 * their chat; the bot's dialog of the same name records the answer. Asked once per case (outbox key).
 */
export async function askReturnVisits(deps: Deps, now: Date): Promise<{ asked: number; notReachable: number }> {
  let asked = 0
  let notReachable = 0
  for (const due of await returnVisitDue(deps, now)) {
    const keyPrefix = `return-visit:${due.number}`
    if (!due.memberId || (await findOutboxRow(deps.db, `${keyPrefix}:0`))) continue
    const outcome = await sendToMember(deps, due.memberId, [returnVisitQuestion(due)], { keyPrefix, origin: 'return_visit', unlessInDialog: true })
    if (!outcome.sent) {
      notReachable++ // staff call instead; the console lists due return visits
      continue
    }
    await saveDialog(deps, outcome.conversation._id, { name: RETURN_VISIT_DIALOG, state: { number: due.number }, expiresAt: new Date(now.getTime() + ANSWER_WITHIN_MS) })
    asked++
  }
  return { asked, notReachable }
}
