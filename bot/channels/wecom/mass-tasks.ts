import type { Types } from 'mongoose'
import { markDelivery } from '../../../core/conversations/service.ts'
import { memberModel } from '../../../core/members/model.ts'
import { transition } from '../../../platform/db/atomic.ts'
import type { Deps } from '../../../platform/deps.ts'
import { isDuplicateKeyError } from '../../../platform/errors.ts'
import type { JobDefinition } from '../../../platform/jobs/registry.ts'
import type { MessageAttachment } from '../../../platform/outbox/model.ts'
import { isTransientWecomError, WecomApiError, type WecomApiClient } from '../../../platform/wecom/api-client.ts'
import { reportOutcome } from './broadcast-bridge.ts'
import { mediaFailure, uploadedImageId } from '../../../platform/wecom/media.ts'
import { sharedWecomClient } from '../../../platform/wecom/shared-client.ts'
import { contactSettings } from '../../../platform/wecom/settings.ts'
import {
  wecomMassMessageModel,
  wecomMassTaskModel,
  type MassMessageStatus,
  type WecomMassMessageDoc,
  type WecomMassTaskDoc,
} from '../../../platform/wecom/models.ts'

/**
 * 客户联系 cannot message a customer unprompted: the message becomes a mass-message task
 * (externalcontact/add_msg_template, chat_type single) that the staff member confirms in the WeCom
 * client, capped per customer by the corp's setting. So an unprompted message is *planned* here
 * (one row per recipient, keyed), the `wecom.mass-tasks` job gathers the planned rows into tasks
 * — one task per text and attachment, so a Friday greeting to 3,000 customers is one
 * confirmation — and polls get_groupmsg_send_result until every customer's status is final.
 *
 * For other areas (broadcasts, care, surveys): call `planMassTaskMessage` for recipients whose
 * route is `mass_task` (core/channels/capabilities.ts `unpromptedRoute`), and read the outcome
 * with `massMessageOutcomes` by the same keys. A message queued through the outbox to a
 * 客户联系 conversation is planned here too (the channel's outbox delivery does it).
 */

export interface PlannedMassMessage {
  /** Idempotency: planning the same key twice plans once (e.g. `care:friday:2026-11-27:<memberId>`). */
  key: string
  externalId: string
  text: string
  /** An image or mini-program card sent with the text, in the same task (add_msg_template `attachments`). */
  attachment?: MessageAttachment
  origin: string
  memberId?: Types.ObjectId | string
  conversationId?: Types.ObjectId | string
  /** The conversation message recorded under this outbox key gets the final delivery status. */
  outboxKey?: string
}

export async function planMassTaskMessage(deps: Pick<Deps, 'db' | 'clock'>, message: PlannedMassMessage): Promise<{ created: boolean }> {
  try {
    await wecomMassMessageModel(deps.db).create({ ...message, status: 'planned', plannedAt: deps.clock.now() })
    return { created: true }
  } catch (err) {
    if (isDuplicateKeyError(err)) return { created: false }
    throw err
  }
}

export interface MassMessageOutcome {
  status: MassMessageStatus
  reason: string | null
  sentAt: Date | null
}

/** Where each planned message stands, by key (unknown keys are left out). */
export async function massMessageOutcomes(deps: Pick<Deps, 'db'>, keys: string[]): Promise<Record<string, MassMessageOutcome>> {
  const rows = await wecomMassMessageModel(deps.db).find({ key: { $in: keys } }).lean<WecomMassMessageDoc[]>()
  return Object.fromEntries(rows.map((row) => [row.key, { status: row.status, reason: row.reason ?? null, sentAt: row.sentAt ?? null }]))
}

// ---- the WeCom calls ----

/** add_msg_template for one text (and its attachments); answers WeCom's msgid and the customers it refused. */
export async function addMsgTemplate(client: WecomApiClient, sender: string, externalIds: string[], text: string, attachments: unknown[] = []): Promise<{ msgid: string; failed: string[] }> {
  const answer = await client.post<{ msgid?: string; fail_list?: string[] }>('/cgi-bin/externalcontact/add_msg_template', {
    chat_type: 'single',
    external_userid: externalIds,
    sender,
    text: { content: text },
    ...(attachments.length ? { attachments } : {}),
  })
  return { msgid: String(answer.msgid ?? ''), failed: answer.fail_list ?? [] }
}

/** WeCom opens a mini-program page from a 客户联系 message only when its path ends in .html (document 92135). */
export function wecomPagePath(pagePath: string): string {
  const at = pagePath.indexOf('?')
  const path = at < 0 ? pagePath : pagePath.slice(0, at)
  const withHtml = path.endsWith('.html') ? path : `${path}.html`
  return at < 0 ? withHtml : `${withHtml}${pagePath.slice(at)}`
}

/**
 * add_msg_template's `attachments` for one attachment: a picture by its URL (pic_url), a
 * mini-program card with its cover uploaded as temporary media (pic_media_id).
 */
export async function massTaskAttachments(db: Parameters<typeof uploadedImageId>[0], client: WecomApiClient, attachment: MessageAttachment): Promise<unknown[]> {
  if (attachment.kind === 'image') return [{ msgtype: 'image', image: { pic_url: attachment.url } }]
  const picMediaId = await uploadedImageId(db, client, attachment.thumbUrl)
  return [{ msgtype: 'miniprogram', miniprogram: { title: attachment.title, pic_media_id: picMediaId, appid: attachment.appId, page: wecomPagePath(attachment.pagePath) } }]
}

/** Messages go into one task only with the same text and the same attachment (field order aside). */
const taskKey = (text: string, attachment: MessageAttachment | null | undefined) =>
  JSON.stringify([
    text,
    !attachment ? null : attachment.kind === 'image' ? [attachment.kind, attachment.url] : [attachment.kind, attachment.appId, attachment.pagePath, attachment.title, attachment.thumbUrl],
  ])

export type MassResultStatus = 'pending' | 'sent' | 'not_friend' | 'cap_reached'
const RESULT_STATUS: Record<number, MassResultStatus> = { 0: 'pending', 1: 'sent', 2: 'not_friend', 3: 'cap_reached' }

/** get_groupmsg_send_result, every page: each customer's status for the sender's part of the task. */
export async function groupMsgSendResults(client: WecomApiClient, msgid: string, sender: string): Promise<Array<{ externalId: string; status: MassResultStatus; sentAt: Date | null }>> {
  const results: Array<{ externalId: string; status: MassResultStatus; sentAt: Date | null }> = []
  let cursor = ''
  for (let page = 0; page < 1000; page++) {
    const answer = await client.post<{ next_cursor?: string; send_list?: Array<{ external_userid?: string; status?: number; send_time?: number }> }>(
      '/cgi-bin/externalcontact/get_groupmsg_send_result',
      { msgid, userid: sender, limit: 1000, ...(cursor ? { cursor } : {}) },
    )
    for (const entry of answer.send_list ?? []) {
      if (!entry.external_userid) continue // a customer-group entry (chat_id): not ours
      results.push({ externalId: entry.external_userid, status: RESULT_STATUS[entry.status ?? 0] ?? 'pending', sentAt: entry.send_time ? new Date(entry.send_time * 1000) : null })
    }
    if (!answer.next_cursor || answer.next_cursor === cursor) break
    cursor = answer.next_cursor
  }
  return results
}

// ---- the job ----

const TASK_SIZE = 1000 // add_msg_template takes up to 10,000 customers; smaller tasks fail smaller
const STALE_TASKING_MS = 10 * 60_000
/** Origins a customer asked for or that are not marketing: an opt-out does not stop them. */
const SERVICE_ORIGINS = new Set(['welcome', 'agent', 'reply'])

/** Planned rows → tasks. A row is claimed (planned → tasking) before WeCom hears of it, so two runs never put it in two tasks. */
export async function createPlannedTasks(deps: Pick<Deps, 'db' | 'clock' | 'log'>, client: WecomApiClient, sender: string) {
  const Message = wecomMassMessageModel(deps.db)
  const Task = wecomMassTaskModel(deps.db)
  const summary = { tasks: 0, messages: 0, failed: 0, cancelled: 0, uncertain: 0 }

  // A crash between add_msg_template and recording its answer: the task may exist in WeCom. Never plan it again.
  const staleBefore = new Date(deps.clock.now().getTime() - STALE_TASKING_MS)
  for (const { _id } of await Message.find({ status: 'tasking', plannedAt: { $lt: staleBefore } }, { _id: 1 }).lean()) {
    const marked = await transition<WecomMassMessageDoc>(deps.db, Message, _id, (m) => m.status === 'tasking', () => ({ $set: { status: 'failed', reason: 'uncertain', resultAt: deps.clock.now() } }))
    if (marked) {
      summary.uncertain++
      await reportOutcome(deps, marked.key, 'failed', 'uncertain')
    }
  }

  const planned = await Message.find({ status: 'planned' }).sort({ plannedAt: 1, _id: 1 }).limit(20 * TASK_SIZE).lean<WecomMassMessageDoc[]>()
  const optedOut = new Set(
    (await memberModel(deps.db).find({ _id: { $in: planned.filter((m) => m.memberId).map((m) => m.memberId) }, optedOut: true }, { _id: 1 }).lean<Array<{ _id: Types.ObjectId }>>()).map((m) => String(m._id)),
  )
  const byTask = new Map<string, WecomMassMessageDoc[][]>()
  for (const message of planned) {
    if (message.memberId && optedOut.has(String(message.memberId)) && !SERVICE_ORIGINS.has(message.origin)) {
      const cancelled = await transition<WecomMassMessageDoc>(deps.db, Message, message._id, (m) => m.status === 'planned', () => ({ $set: { status: 'cancelled', reason: 'opted_out', resultAt: deps.clock.now() } }))
      if (cancelled) {
        summary.cancelled++
        await reportOutcome(deps, message.key, 'cancelled')
      }
      continue
    }
    // One customer appears once per task; a second message with the same text goes into the next one.
    const key = taskKey(message.text, message.attachment)
    const chunks = byTask.get(key) ?? []
    const chunk = chunks.find((c) => c.length < TASK_SIZE && !c.some((m) => m.externalId === message.externalId))
    if (chunk) chunk.push(message)
    else chunks.push([message])
    byTask.set(key, chunks)
  }

  for (const chunks of byTask.values()) {
    const { text, attachment } = chunks[0][0]
    // The attachment is part of the task (one unit with the text). A cover that cannot be fetched
    // now waits for the next run; one that can never be used (not found, not a picture) lets the
    // text go alone, and the deliveries say why.
    let attachments: unknown[] = []
    let attachmentError: string | undefined
    if (attachment) {
      try {
        attachments = await massTaskAttachments(deps.db, client, attachment)
      } catch (err) {
        const failure = mediaFailure(err)
        deps.log.warn({ reason: failure.reason, transient: failure.transient }, 'a mass-message task’s attachment could not be prepared')
        if (failure.transient) continue
        attachmentError = failure.reason
      }
    }
    for (const chunk of chunks) {
      const task = (await Task.create({ sender, text, attachment: attachment ?? undefined, recipients: chunk.length, status: 'creating', createdAt: deps.clock.now() })).toObject() as WecomMassTaskDoc
      const claimed: WecomMassMessageDoc[] = []
      for (const message of chunk) {
        const mine = await transition<WecomMassMessageDoc>(deps.db, Message, message._id, (m) => m.status === 'planned', () => ({ $set: { status: 'tasking', taskId: task._id, ...(attachmentError ? { attachmentError } : {}) } }))
        if (mine) claimed.push(mine)
      }
      if (!claimed.length) {
        await Task.deleteOne({ _id: task._id })
        continue
      }
      const settleClaimed = async (status: MassMessageStatus, reason: string | undefined, only?: Set<string>) => {
        for (const message of claimed) {
          if (only && !only.has(message.externalId)) continue
          await transition<WecomMassMessageDoc>(deps.db, Message, message._id, (m) => m.status === 'tasking', () => ({
            $set: { status, ...(reason ? { reason } : {}), ...(status === 'planned' ? {} : { resultAt: deps.clock.now() }) },
            ...(status === 'planned' ? { $unset: { taskId: 1 as const } } : {}),
          }))
          if (status === 'failed' && message.outboxKey) await markDelivery(deps, message.outboxKey, 'failed')
          if (status === 'failed') await reportOutcome(deps, message.key, 'failed', reason, message.attachmentError)
        }
      }
      try {
        const { msgid, failed } = await addMsgTemplate(client, sender, claimed.map((m) => m.externalId), text, attachments)
        await transition<WecomMassTaskDoc>(deps.db, Task, task._id, (t) => t.status === 'creating', () => ({ $set: { status: 'created', msgid, recipients: claimed.length } }))
        const refused = new Set(failed)
        await settleClaimed('failed', 'not_sendable', refused)
        await settleClaimed('pending', undefined)
        summary.tasks++
        summary.messages += claimed.length - refused.size
        summary.failed += refused.size
      } catch (err) {
        const transient = isTransientWecomError(err)
        const reason = err instanceof WecomApiError ? (err.errcode === 41048 ? 'no_sendable_customer' : `wecom_${err.errcode}`) : 'unexpected'
        deps.log.warn({ err: err instanceof Error ? err.message : String(err), recipients: claimed.length, transient }, 'creating a WeCom mass-message task failed')
        await transition<WecomMassTaskDoc>(deps.db, Task, task._id, (t) => t.status === 'creating', () => ({ $set: { status: 'failed', error: reason } }))
        await settleClaimed(transient ? 'planned' : 'failed', transient ? undefined : reason)
        if (!transient) summary.failed += claimed.length
        if (transient) return summary // WeCom is unwell: the rest waits for the next run
      }
    }
  }
  return summary
}

/** Polls each open task and records every customer's status; stops polling after `pollDays`. */
export async function pollTaskResults(deps: Pick<Deps, 'db' | 'clock' | 'log'>, client: WecomApiClient, pollDays: number) {
  const Message = wecomMassMessageModel(deps.db)
  const Task = wecomMassTaskModel(deps.db)
  const now = deps.clock.now()
  const summary = { polled: 0, sent: 0, notFriend: 0, capReached: 0, pending: 0, expired: 0 }
  const oldest = new Date(now.getTime() - pollDays * 24 * 3600_000)
  for (const task of await Task.find({ status: 'created' }).sort({ createdAt: 1 }).lean<WecomMassTaskDoc[]>()) {
    if (task.createdAt < oldest) {
      // The staff member never sent it (or WeCom never told us): those customers stay "pending" for good.
      await Task.updateOne({ _id: task._id, status: 'created' }, { $set: { status: 'expired', finishedAt: now } })
      await Message.updateMany({ taskId: task._id, status: 'pending' }, { $set: { reason: 'not_confirmed_in_time' } })
      summary.expired++
      continue
    }
    let results: Awaited<ReturnType<typeof groupMsgSendResults>>
    try {
      results = await groupMsgSendResults(client, task.msgid!, task.sender)
    } catch (err) {
      if (err instanceof WecomApiError && err.errcode === 41063) continue // still being dispatched: next run
      throw err
    }
    summary.polled++
    const byCustomer = new Map(results.map((r) => [r.externalId, r]))
    let open = 0
    for (const message of await Message.find({ taskId: task._id, status: 'pending' }).lean<WecomMassMessageDoc[]>()) {
      const result = byCustomer.get(message.externalId)
      if (!result || result.status === 'pending') {
        open++
        summary.pending++
        continue
      }
      // Only this job writes results, one run at a time (the job's lease), and the same result twice is the same write.
      await Message.updateOne({ _id: message._id, status: 'pending' }, { $set: { status: result.status, resultAt: now, ...(result.sentAt ? { sentAt: result.sentAt } : {}) } })
      if (result.status === 'sent') summary.sent++
      else if (result.status === 'not_friend') summary.notFriend++
      else summary.capReached++
      if (message.outboxKey) await markDelivery(deps, message.outboxKey, result.status === 'sent' ? 'sent' : 'failed')
      await reportOutcome(deps, message.key, result.status, null, message.attachmentError)
    }
    await Task.updateOne({ _id: task._id }, { $set: { lastPolledAt: now, ...(open ? {} : { status: 'finished', finishedAt: now }) } })
  }
  return summary
}

export const wecomMassTasksJob: JobDefinition = {
  name: 'wecom.mass-tasks',
  cron: '*/5 * * * *',
  description:
    'WeCom 客户联系: gathers planned unprompted messages (care greetings, broadcasts, welcomes whose code had expired) into mass-message tasks (add_msg_template, one per text) for the staff member to confirm, and records each customer’s result (sent, not a friend, cap reached) from get_groupmsg_send_result.',
  async run(deps) {
    const settings = contactSettings(deps.config)
    const client = sharedWecomClient(deps)
    if (!settings || !client) return { skipped: 'wecom_not_configured' }
    const created = await createPlannedTasks(deps, client, settings.senderUserId)
    const results = await pollTaskResults(deps, client, deps.config.WECOM_MASS_TASK_POLL_DAYS)
    return { ...created, ...results }
  },
}
