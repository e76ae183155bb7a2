import type { JobDefinition } from '../../platform/jobs/registry.ts'
import { sendCareMessages } from './care-messages.ts'
import { claimTierUpgradeCongratulations } from './congratulations.ts'

/** Hourly in the daytime: congratulates members on a tier upgrade, once per upgrade. */
export const tierCongratulationsJob: JobDefinition = {
  name: 'members.tier-congratulations',
  cron: '20 9-20 * * *',
  description: 'Sends the congratulation for each tier upgrade of the last week, once',
  async run(deps, { now }) {
    const congratulations = await claimTierUpgradeCongratulations(deps, now)
    return sendCareMessages(deps, congratulations.map((c) => ({ memberId: c.memberId, text: c.text, keyPrefix: `tier-up:${c.memberId}:${c.tier}:${now.getTime()}` })))
  },
}
