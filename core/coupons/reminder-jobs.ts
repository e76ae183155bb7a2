import type { JobDefinition } from '../../platform/jobs/registry.ts'
import { sendCareMessages } from '../members/care-messages.ts'
import { claimExpiryReminders } from './expiry.ts'

/** Daily: a reminder 3 days before coupons expire, once per coupon, never to opted-out members. */
export const couponExpiryRemindersJob: JobDefinition = {
  name: 'coupons.expiry-reminders',
  cron: '0 10 * * *',
  description: 'Reminds members (not opted out) of coupons expiring in 3 days, once per coupon',
  run: async (deps, { now }) => sendCareMessages(deps, await claimExpiryReminders(deps, now)),
}
