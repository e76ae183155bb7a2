import type { Types } from 'mongoose'
import type { Deps } from '../../platform/deps.ts'
import { isDuplicateKeyError, notFound } from '../../platform/errors.ts'
import { publishLiveEvent } from '../../platform/live-events.ts'
import { enqueueMessage } from '../../platform/outbox/outbox.ts'
import type { Role } from '../staff/roles.ts'
import { staffModel, type StaffDoc } from '../staff/model.ts'
import { notificationModel, type NotificationDoc, type NotificationKind } from './model.ts'

/** The outbox account of the WeCom app's messages to staff (bot/runtime.ts sends them). */
export const WECOM_APP_ACCOUNT = 'wecom-app'

export interface Notice {
  /** What it is about, unique: `complaint-alert:<alert key>`, `emergency:<conversation>:<rev>`, … */
  key: string
  kind: NotificationKind
  title: string
  body: string
  link: string
  clinicCode?: string | null
}

/** Active staff of these roles who work for the clinic (staff without clinics work for all). */
export async function staffOf(deps: Pick<Deps, 'db'>, roles: readonly Role[], clinicCode?: string | null): Promise<StaffDoc[]> {
  const staff = await staffModel(deps.db).find({ active: true, roles: { $in: roles } }).lean<StaffDoc[]>()
  return staff.filter((s) => !clinicCode || s.clinicCodes.length === 0 || s.clinicCodes.includes(clinicCode))
}

/**
 * Delivers a notice to each recipient once: in the console (stored, announced live) and, where
 * WeCom's app is set up and the person has a WeCom account, as an app message through the outbox
 * (keyed by the notification: paced, retried, never twice). Answers how many were new.
 */
export async function notifyStaff(deps: Pick<Deps, 'db' | 'clock' | 'config'>, notice: Notice, recipients: ReadonlyArray<Pick<StaffDoc, '_id' | 'wecomUserId'>>): Promise<number> {
  const Notification = notificationModel(deps.db)
  const now = deps.clock.now()
  const fresh: string[] = []
  for (const staff of recipients) {
    const _id = `${notice.key}:${staff._id}`
    try {
      await Notification.create({ _id, staffId: staff._id, kind: notice.kind, title: notice.title, body: notice.body, link: notice.link, clinicCode: notice.clinicCode ?? undefined, createdAt: now })
    } catch (err) {
      if (isDuplicateKeyError(err)) continue // delivered before
      throw err
    }
    fresh.push(String(staff._id))
    if (staff.wecomUserId && deps.config.WECOM_AGENT_ID) {
      await enqueueMessage(deps.db, {
        key: `notification:${_id}`,
        channel: 'wecom_app',
        account: WECOM_APP_ACCOUNT,
        recipient: staff.wecomUserId,
        text: notice.body,
        card: { title: notice.title, url: consoleUrl(deps.config.PUBLIC_URL, notice.link) },
        origin: 'staff_notification',
        priority: notice.kind === 'emergency' ? 0 : 3,
      })
    }
  }
  if (fresh.length) await publishLiveEvent(deps.db, 'notification', { kind: notice.kind, title: notice.title, staffIds: fresh })
  return fresh.length
}

function consoleUrl(publicUrl: string | undefined, link: string): string {
  return publicUrl ? new URL(link, publicUrl).toString() : link
}

export interface NotificationView {
  id: string
  kind: NotificationKind
  title: string
  body: string
  link: string
  clinicCode: string | null
  createdAt: string
  readAt: string | null
}

const present = (doc: NotificationDoc): NotificationView => ({
  id: doc._id,
  kind: doc.kind as NotificationKind,
  title: doc.title,
  body: doc.body,
  link: doc.link,
  clinicCode: doc.clinicCode ?? null,
  createdAt: doc.createdAt.toISOString(),
  readAt: doc.readAt?.toISOString() ?? null,
})

/** The staff member's own notifications, newest first, with their unread count. */
export async function myNotifications(deps: Pick<Deps, 'db'>, staffId: string, page: { unread?: boolean; limit: number; offset: number }) {
  const Notification = notificationModel(deps.db)
  const mine = { staffId }
  const filter = page.unread ? { ...mine, readAt: null } : mine
  const [docs, total, unread] = await Promise.all([
    Notification.find(filter).sort({ createdAt: -1, _id: 1 }).skip(page.offset).limit(page.limit).lean<NotificationDoc[]>(),
    Notification.countDocuments(filter),
    Notification.countDocuments({ ...mine, readAt: null }),
  ])
  return { items: docs.map(present), total, unread }
}

/** Marks one of one's own notifications read (someone else's is not found). */
export async function markRead(deps: Pick<Deps, 'db' | 'clock'>, staffId: string, id: string): Promise<NotificationView> {
  const Notification = notificationModel(deps.db)
  const doc = await Notification.findById(id).lean<NotificationDoc>()
  if (!doc || String(doc.staffId) !== staffId) throw notFound('notification_not_found', 'No such notification.')
  if (doc.readAt) return present(doc)
  const read = await Notification.findOneAndUpdate({ _id: id }, { $set: { readAt: deps.clock.now() } }, { returnDocument: 'after' }).lean<NotificationDoc>()
  return present(read!)
}

export async function markAllRead(deps: Pick<Deps, 'db' | 'clock'>, staffId: string | Types.ObjectId): Promise<number> {
  const result = await notificationModel(deps.db).updateMany({ staffId, readAt: null }, { $set: { readAt: deps.clock.now() } })
  return result.modifiedCount
}
