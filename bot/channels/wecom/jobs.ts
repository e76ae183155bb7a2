import type { JobDefinition } from '../../../platform/jobs/registry.ts'
import { kfCursorModel, kfHandoffModel, kfReplySlotModel, kfSeenEventModel, kfWindowModel } from '../kf/models.ts'
import { wecomMassTasksJob } from './mass-tasks.ts'
import { wecomCallbackModel } from '../../../platform/wecom/models.ts'

const DAY_MS = 24 * 3600_000
const CURSORS_KEPT = 20

/** What a TTL index would expire on MongoDB (FerretDB has none); wall-clock ages, as the rows are written. */
const wecomPruneJob: JobDefinition = {
  name: 'wecom.prune',
  cron: '27 3 * * *',
  description:
    'Deletes WeCom callbacks worked off more than 3 days ago (their dedupe keys are only needed while WeCom retries), 微信客服 reply windows and slots past their 48 hours, handled-event marks older than sync_msg’s 3 days, old hand-off records, and all but the newest sync cursors.',
  async run({ db, config }) {
    const now = Date.now()
    const callbacks = await wecomCallbackModel(db).deleteMany({ status: { $in: ['done', 'failed'] }, receivedAt: { $lt: new Date(now - 3 * DAY_MS) } })
    const windowEnd = new Date(now - (config.WECOM_KF_WINDOW_HOURS * 3600_000 + DAY_MS))
    const windows = await kfWindowModel(db).deleteMany({ openedAt: { $lt: windowEnd } })
    await kfReplySlotModel(db).deleteMany({ at: { $lt: windowEnd } })
    await kfSeenEventModel(db).deleteMany({ at: { $lt: new Date(now - 7 * DAY_MS) } })
    await kfHandoffModel(db).deleteMany({ at: { $lt: new Date(now - 90 * DAY_MS) } })
    let cursors = 0
    for (const openKfId of (await kfCursorModel(db).distinct('openKfId')) as string[]) {
      const keep = await kfCursorModel(db).find({ openKfId }, { seq: 1 }).sort({ seq: -1 }).limit(CURSORS_KEPT).lean<Array<{ seq: number }>>()
      if (keep.length === CURSORS_KEPT) cursors += (await kfCursorModel(db).deleteMany({ openKfId, seq: { $lt: keep.at(-1)!.seq } })).deletedCount
    }
    return { callbacks: callbacks.deletedCount, windows: windows.deletedCount, cursors }
  },
}

/** The WeCom channels' scheduled jobs (listed in core/jobs.ts). */
export const wecomJobs: JobDefinition[] = [wecomMassTasksJob, wecomPruneJob]
