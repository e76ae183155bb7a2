import type { JobDefinition } from '../../platform/jobs/registry.ts'
import { sendCareMessages } from './care-messages.ts'
import { claimTierUpgradeCongratulations } from './congratulations.ts'

/** Hourly in the daytime: congratulates members on a tier upgrade, once per upgrade. */
export const tierCongratulationsJob: JobDefinition = {
  name: 'members.tier-congratulations',
  cron: '20 9-20 * * *',
  description: 'Sends the congratulation for each tier upgrade of the last week, once',
  run: async (deps, { now }) => sendCareMessages(deps, await claimTierUpgradeCongratulations(deps, now)),
}
