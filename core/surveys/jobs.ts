import type { JobDefinition } from '../../platform/jobs/registry.ts'
import { deliverPlanned } from './delivery.ts'
import { expireSurveys } from './expiry.ts'
import { planInvitations } from './planning.ts'
import { resumeWaitingSurveys } from './resume.ts'
import { inQuietHours, surveySettings } from './settings.ts'
import { storeWeeklyReport } from './weekly.ts'

// The crons are getters: they are read when the scheduler is built, after main.ts has loaded .env.

export const surveyInviteJob: JobDefinition = {
  name: 'surveys.invite',
  get cron() {
    return surveySettings().inviteCron
  },
  description: "Yesterday's visits and the later touchpoints due today get their survey in chat: one per member, never twice per visit and touchpoint; skipped invitations are recorded with the reason.",
  async run(deps, { now }) {
    // A survey is a message nobody asked for: a run inside QUIET_HOURS does nothing; a later run the same day plans the day.
    if (inQuietHours(deps.config.QUIET_HOURS, now)) return { deferred: 'quiet_hours' }
    const planned = await planInvitations(deps, now, { recentDays: surveySettings().recentDays })
    const delivery = await deliverPlanned(deps, now)
    return { ...planned, ...delivery }
  },
}

export const surveyResumeJob: JobDefinition = {
  name: 'surveys.resume',
  cron: '*/5 * * * *',
  description: 'Surveys waiting for their chat (held back while a person or another dialog had it, or interrupted by a complaint or an appointment) ask their pending question once the chat is free.',
  async run(deps, { now }) {
    if (inQuietHours(deps.config.QUIET_HOURS, now)) return { deferred: 'quiet_hours' }
    return resumeWaitingSurveys(deps, now)
  },
}

export const surveyExpireJob: JobDefinition = {
  name: 'surveys.expire',
  cron: '25 * * * *', // hourly, off the full hour where other jobs cluster
  description: 'Surveys not finished within 48 hours close: partial with some answers, expired with none.',
  run: (deps, { now }) => expireSurveys(deps, now),
}

export const surveyWeeklyReportJob: JobDefinition = {
  name: 'surveys.weekly-report',
  get cron() {
    return surveySettings().reportCron
  },
  description: "周报: the week's satisfaction figures per clinic and survey type, stored with a Chinese summary for directors, clinic heads and supervisors.",
  run: (deps, { now }) => storeWeeklyReport(deps, now),
}

export const surveyJobs: JobDefinition[] = [surveyInviteJob, surveyResumeJob, surveyExpireJob, surveyWeeklyReportJob]
