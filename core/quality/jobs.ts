import type { JobDefinition } from '../../platform/jobs/registry.ts'
import { drawWeeklySample } from './sampling.ts'

export const qualityJobs: JobDefinition[] = [
  {
    name: 'quality.review-sample',
    cron: '0 6 * * 1', // Monday morning, before the reviewers start: last week is complete
    description: 'Queues last week’s chats for review (质检): per agent QUALITY_REVIEW_SAMPLE_SIZE of their released chats, plus every chat rated ≤ 2 or followed by a complaint; a second run adds nothing.',
    run: (deps, { now }) => drawWeeklySample(deps, now),
  },
]
