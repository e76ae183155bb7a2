import type { JobDefinition } from '../../platform/jobs/registry.ts'
import { expireCoupons } from './expiry.ts'

export const expireCouponsJob: JobDefinition = {
  name: 'coupons.expire',
  cron: '5 0 * * *',
  description: 'Marks issued coupons whose last day has passed as expired.',
  run: (deps, { now }) => expireCoupons(deps, now),
}
