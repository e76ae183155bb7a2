import type { JobDefinition } from '../../platform/jobs/registry.ts'
import { recomputeAllTiers } from './tiers.ts'

export const recomputeTiersJob: JobDefinition = {
  name: 'members.recompute-tiers',
  cron: '30 2 * * *',
  description: 'Recomputes member tiers from spend in the rolling windows (A 24, B 18, C 12 months): spend ages out, so tiers fall as well as rise.',
  run: (deps, { now }) => recomputeAllTiers(deps, now),
}
