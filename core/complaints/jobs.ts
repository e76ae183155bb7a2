import type { JobDefinition } from '../../platform/jobs/registry.ts'
import { findDeadlineAlerts } from './alerts.ts'
import { askReturnVisits } from './return-visit-sender.ts'

/** Hourly: alerts for complaint deadlines within 4 hours or passed, each fired once (alerts.ts). */
export const complaintDeadlineAlertsJob: JobDefinition = {
  name: 'complaints.deadline-alerts',
  cron: '0 * * * *',
  description: 'Complaint deadlines near (≤ 4 h left) or passed: store one alert per deadline for the owners, supervisors and (overdue) directors',
  async run(deps, { now }) {
    const fired = await findDeadlineAlerts(deps, now)
    return { fired: fired.length, near: fired.filter((a) => a.kind === 'near').length, overdue: fired.filter((a) => a.kind === 'overdue').length }
  },
}

/** Daily: 投诉回访 a day after closing, asked in the customer's chat. */
export const complaintReturnVisitsJob: JobDefinition = {
  name: 'complaints.return-visits',
  cron: '30 10 * * *',
  description: 'Asks customers whose complaint closed a day ago whether the result satisfies them; a "no" reopens the case',
  run: (deps, { now }) => askReturnVisits(deps, now),
}

export const complaintJobs: JobDefinition[] = [complaintDeadlineAlertsJob, complaintReturnVisitsJob]
