import type { JobDefinition } from '../../platform/jobs/registry.ts'
import { dispatchRuns } from './dispatch.ts'
import { RUN_PLANNERS } from './planners.ts'

export const dispatchBroadcastsJob: JobDefinition = {
  name: 'broadcasts.dispatch',
  cron: '* * * * *',
  description:
    'Starts due broadcasts (and each occurrence of recurring ones), then drives every open run — broadcasts and care days: mirrors the outbox into the deliveries, re-enqueues what a resume released, and hands the next few minutes of each account’s sending to the outbox (QUIET_HOURS respected).',
  run: (deps, { now }) => dispatchRuns(deps, now, { planners: RUN_PLANNERS }),
}

export const broadcastJobs: JobDefinition[] = [dispatchBroadcastsJob]
