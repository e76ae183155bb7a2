import type { Deps } from '../../platform/deps.ts'
import { sendToMember } from '../conversations/notify-member.ts'

export interface CareMessage {
  memberId: string
  text: string
  /** Keys the message, so a rerun queues it once. */
  keyPrefix: string
}

/** Sends each claimed care message (a reminder, a congratulation) to its member's latest chat; answers how many went out. */
export async function sendCareMessages(deps: Pick<Deps, 'db' | 'clock'>, messages: readonly CareMessage[]): Promise<{ sent: number }> {
  let sent = 0
  for (const { memberId, text, keyPrefix } of messages) {
    const outcome = await sendToMember(deps, memberId, [text], { keyPrefix, origin: 'care' })
    if (outcome.sent) sent++
  }
  return { sent }
}
