import { pruneJobRuns } from '../platform/jobs/job-runs.ts'
import { pruneStaleLeases } from '../platform/jobs/lease.ts'
import type { JobDefinition } from '../platform/jobs/registry.ts'
import { complaintJobs } from './complaints/jobs.ts'
import { surveyJobs } from './surveys/jobs.ts'
import { expireCouponsJob } from './coupons/jobs.ts'
import { couponExpiryRemindersJob } from './coupons/reminder-jobs.ts'
import { recomputeTiersJob } from './members/jobs.ts'
import { tierCongratulationsJob } from './members/congratulation-jobs.ts'
import { pruneRateLimits } from '../platform/rate-limit.ts'
import { pruneTickets } from '../platform/db/atomic.ts'
import { pruneLiveEvents } from '../platform/live-events.ts'
import { pruneSendSlots } from '../platform/outbox/pacing.ts'
import { broadcastJobs } from './broadcasts/jobs.ts'
import { careJobs } from './care/jobs.ts'
import { appointmentRemindersJob } from './appointments/jobs.ts'
import { pruneMemberCodes } from './miniprogram/member-code.ts'
import { qualityJobs } from './quality/jobs.ts'

const JOB_RUNS_KEPT_DAYS = 90

/** Housekeeping a TTL index would do on MongoDB; FerretDB has none. */
const pruneExpiredRecords: JobDefinition = {
  name: 'platform.prune',
  cron: '17 3 * * *', // a quiet hour, off the full hour where other jobs cluster
  description: `Deletes finished rate-limit windows (login failures among them), job runs older than ${JOB_RUNS_KEPT_DAYS} days, leases dead for a day, and day-old transition tickets, send slots, live events and member codes.`,
  async run({ db }, { now }) {
    await pruneRateLimits(db, now)
    // Wall-clock age: these rows are written with real time, and a stale reader needs at most seconds.
    const dayAgo = new Date(Date.now() - 24 * 3600_000)
    const tickets = await pruneTickets(db, dayAgo)
    await pruneSendSlots(db, dayAgo)
    await pruneLiveEvents(db, dayAgo)
    await pruneMemberCodes(db, dayAgo)
    const jobRuns = await pruneJobRuns(db, new Date(now.getTime() - JOB_RUNS_KEPT_DAYS * 24 * 3600_000))
    const leases = await pruneStaleLeases(db)
    return { jobRuns, leases, tickets }
  },
}

/** Every scheduled job of core. Each area appends the jobs its core/<area>/jobs.ts exports; the channels' own are added by the wiring (caredesk.ts). */
export const allJobs: JobDefinition[] = [
  pruneExpiredRecords,
  ...complaintJobs,
  ...surveyJobs,
  expireCouponsJob,
  couponExpiryRemindersJob,
  recomputeTiersJob,
  tierCongratulationsJob,
  ...broadcastJobs,
  ...careJobs,
  appointmentRemindersJob,
  ...qualityJobs,
]
