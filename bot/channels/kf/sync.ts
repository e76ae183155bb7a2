import type { Deps } from '../../../platform/deps.ts'
import { isDuplicateKeyError } from '../../../platform/errors.ts'
import { withLease } from '../../../platform/jobs/lease.ts'
import { settingOrCreate } from '../../../platform/settings.ts'
import type { WecomApiClient } from '../../../platform/wecom/api-client.ts'
import { kfCursorModel, type KfCursorDoc } from './models.ts'

/**
 * Pulling 微信客服 messages. The kf_msg_or_event callback says only "something new" (with a
 * short-lived Token); the messages come from kf/sync_msg, page by page from a cursor. The cursor
 * is stored after each handled page, so a restart resumes where it stopped: nothing missed (a page
 * that was being handled is pulled again) and nothing handled twice (customer messages are
 * deduplicated by msgid in the conversation history, events by msgid in kf_seen_events).
 * One sync at a time: in this process requests coalesce into one more round, across instances a
 * lease decides. Storing the cursor is a unique insert of the next seq: if another syncer got
 * there first, this one stops rather than overwrite.
 */

export interface KfSyncMessage {
  msgid: string
  open_kfid?: string
  external_userid?: string
  send_time?: number
  origin?: number // 3 customer, 4 system, 5 a servicer in the WeCom client
  servicer_userid?: string
  msgtype: string
  text?: { content?: string; menu_id?: string }
  event?: {
    event_type?: string
    open_kfid?: string
    external_userid?: string
    scene?: string
    scene_param?: string
    welcome_code?: string
    fail_msgid?: string
    fail_type?: number
    change_type?: number
    old_servicer_userid?: string
    new_servicer_userid?: string
    [key: string]: unknown
  }
}

export interface KfSyncOptions {
  deps: Pick<Deps, 'db' | 'log'>
  client: WecomApiClient
  openKfId: string
  handle(message: KfSyncMessage): Promise<void>
}

const PAGE_LIMIT = 1000 // sync_msg's maximum
const MAX_PAGES_PER_ROUND = 200
const LEASE_TTL_MS = 60_000

export function createKfSync({ deps, client, openKfId, handle }: KfSyncOptions) {
  const Cursor = kfCursorModel(deps.db)
  let current: Promise<void> | null = null
  let again = false
  let stopped = false
  let token: string | undefined

  /** Messages older than the moment CareDesk first synced this account are history, not questions to answer now. */
  const since = () => settingOrCreate(deps.db, `kf-since:${openKfId}`, () => Math.floor(Date.now() / 1000))

  async function round(signal: AbortSignal) {
    const last = await Cursor.findOne({ openKfId }).sort({ seq: -1 }).lean<KfCursorDoc>()
    let cursor = last?.cursor ?? ''
    let seq = last?.seq ?? 0
    const firstSecond = await since()
    for (let page = 0; page < MAX_PAGES_PER_ROUND && !signal.aborted && !stopped; page++) {
      const answer = await client.post<{ next_cursor?: string; has_more?: number; msg_list?: KfSyncMessage[] }>('/cgi-bin/kf/sync_msg', {
        ...(cursor ? { cursor } : {}),
        ...(token ? { token } : {}),
        limit: PAGE_LIMIT,
        open_kfid: openKfId,
      })
      for (const message of answer.msg_list ?? []) {
        if ((message.send_time ?? Infinity) < firstSecond - 60) continue
        try {
          await handle(message)
        } catch (err) {
          // One message that cannot be handled must not hold up every later one; it is logged for a person.
          deps.log.error({ err, msgid: message.msgid, msgtype: message.msgtype }, '微信客服 message handling failed')
        }
      }
      const next = answer.next_cursor
      if (next && next !== cursor) {
        try {
          await Cursor.create({ openKfId, seq: seq + 1, cursor: next, at: new Date() })
        } catch (err) {
          if (isDuplicateKeyError(err)) {
            deps.log.warn({ openKfId }, '微信客服 cursor advanced by another syncer; stopping this round')
            return
          }
          throw err
        }
        seq++
        cursor = next
      }
      // has_more may be 1 with an empty list: keep pulling on has_more, never on the list's length.
      if (answer.has_more !== 1) return
    }
  }

  async function syncOnce() {
    for (let attempt = 0; attempt < 60 && !stopped; attempt++) {
      const outcome = await withLease(deps, `kf-sync:${openKfId}`, LEASE_TTL_MS, round)
      if (outcome.acquired) return
      await new Promise((r) => setTimeout(r, 500)) // another instance is syncing; our news may come after its last page
    }
  }

  return {
    /** Pulls everything new; resolves when the round that includes this request is over. */
    request(callbackToken?: string): Promise<void> {
      if (callbackToken) token = callbackToken // valid 10 minutes; lifts sync_msg's strict frequency limit
      if (current) {
        again = true
        return current
      }
      current = (async () => {
        try {
          do {
            again = false
            await syncOnce()
          } while (again && !stopped)
        } finally {
          current = null
        }
      })()
      return current
    },
    async stop() {
      stopped = true
      await current?.catch(() => {})
    },
  }
}

export type KfSync = ReturnType<typeof createKfSync>
