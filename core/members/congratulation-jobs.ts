import type { JobDefinition } from '../../platform/jobs/registry.ts'
import { sendToMember } from '../conversations/notify-member.ts'
import { claimTierUpgradeCongratulations } from './congratulations.ts'

/** Hourly in the daytime: congratulates members on a tier upgrade, once per upgrade. */
export const tierCongratulationsJob: JobDefinition = {
  name: 'members.tier-congratulations',
  cron: '20 9-20 * * *',
  description: 'Sends the congratulation for each tier upgrade of the last week, once',
  async run(deps, { now }) {
    let sent = 0
    for (const congratulation of await claimTierUpgradeCongratulations(deps, now)) {
      const outcome = await sendToMember(deps, congratulation.memberId, [congratulation.text], { keyPrefix: `tier-up:${congratulation.memberId}:${congratulation.tier}:${now.getTime()}`, origin: 'care' })
      if (outcome.sent) sent++
    }
    return { sent }
  },
}
