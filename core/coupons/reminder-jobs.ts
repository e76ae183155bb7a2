import { businessDay } from '../../platform/clock.ts'
import type { JobDefinition } from '../../platform/jobs/registry.ts'
import { sendToMember } from '../conversations/notify-member.ts'
import { claimExpiryReminders } from './expiry.ts'

/** Daily: a reminder 3 days before coupons expire, once per coupon, never to opted-out members. */
export const couponExpiryRemindersJob: JobDefinition = {
  name: 'coupons.expiry-reminders',
  cron: '0 10 * * *',
  description: 'Reminds members (not opted out) of coupons expiring in 3 days, once per coupon',
  async run(deps, { now }) {
    let sent = 0
    for (const reminder of await claimExpiryReminders(deps, now)) {
      const outcome = await sendToMember(deps, reminder.memberId, [reminder.text], { keyPrefix: `coupon-expiry:${reminder.memberId}:${businessDay(now)}`, origin: 'care' })
      if (outcome.sent) sent++
    }
    return { sent }
  },
}
