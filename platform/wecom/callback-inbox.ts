import { createHash } from 'node:crypto'
import { wakeableSleep } from '../wakeable-sleep.ts'
import { EventEmitter } from 'node:events'
import type { Connection } from 'mongoose'
import { transition } from '../db/atomic.ts'
import { isDuplicateKeyError } from '../errors.ts'
import type { Logger } from '../log.ts'
import { wecomCallbackModel, type WecomCallbackDoc } from './models.ts'

/**
 * Callbacks are stored, then worked off. WeCom waits 5 s for an answer and then tries again (3
 * tries), so the HTTP side only verifies, stores under a dedupe key and answers 200; the instance
 * running the bot picks the row up at once (an in-process signal) or within a poll interval
 * (another instance received it). A restart in between loses nothing: the row waits.
 */

/** The events some channel handles; everything else is acknowledged and dropped. */
export const HANDLED_EVENTS = ['change_external_contact', 'kf_msg_or_event'] as const
export type HandledEvent = (typeof HANDLED_EVENTS)[number]

const signals = new EventEmitter()
signals.setMaxListeners(0)

/**
 * Messages carry MsgId; events are told apart by WeCom's recommendation, FromUserName + CreateTime —
 * but 客户联系 events all come "from" `sys`, so two customers adding in the same second would
 * collide: the identifying fields of the event are part of the key too (a retry repeats them all).
 */
export function callbackDedupeKey(fields: Record<string, string>): string {
  if (fields.MsgId) return `msg:${fields.MsgId}`
  const identity = ['FromUserName', 'CreateTime', 'Event', 'ChangeType', 'UserID', 'ExternalUserID', 'OpenKfId', 'Token'].map((name) => fields[name] ?? '').join('\u0001')
  return `event:${fields.CreateTime ?? ''}:${createHash('sha1').update(identity).digest('hex')}`
}

export function callbackEvent(fields: Record<string, string>): string {
  return fields.MsgType === 'event' ? (fields.Event ?? 'unknown') : (fields.MsgType ?? 'unknown')
}

/** Stores a verified callback once; answers whether it was new (a retry or a second delivery is not). */
export async function storeCallback(db: Connection, fields: Record<string, string>): Promise<{ stored: boolean; handled: boolean }> {
  const event = callbackEvent(fields)
  if (!(HANDLED_EVENTS as readonly string[]).includes(event)) return { stored: false, handled: false }
  try {
    await wecomCallbackModel(db).create({ _id: callbackDedupeKey(fields), event, fields, status: 'pending', receivedAt: new Date() })
  } catch (err) {
    if (isDuplicateKeyError(err)) return { stored: false, handled: true }
    throw err
  }
  signals.emit('stored')
  return { stored: true, handled: true }
}

export type CallbackHandler = (callback: WecomCallbackDoc) => Promise<void>

export interface CallbackInboxOptions {
  db: Connection
  log: Logger
  handlers: Partial<Record<HandledEvent, CallbackHandler>>
  /** Callbacks worked on at once; a long 微信客服 sync must not hold up a welcome's 20 seconds. */
  concurrency?: number
  pollMs?: number
}

const STALE_AFTER_MS = 2 * 60_000
const MAX_ATTEMPTS = 3
const KEEP_DONE_MS = 3 * 24 * 3600_000 // WeCom retries within seconds; three days of keys is plenty

export function startCallbackInbox({ db, log, handlers, concurrency = 8, pollMs = 500 }: CallbackInboxOptions) {
  const Callback = wecomCallbackModel(db)
  const events = Object.keys(handlers)
  const inFlight = new Set<Promise<void>>()
  let running = true
  const { sleep, wake } = wakeableSleep()
  const onStored = wake
  signals.on('stored', onStored)


  async function work(callback: WecomCallbackDoc) {
    const isOurs = (doc: WecomCallbackDoc) => doc.status === 'processing'
    try {
      await handlers[callback.event as HandledEvent]!(callback)
      await transition<WecomCallbackDoc>(db, Callback, callback._id, isOurs, () => ({ $set: { status: 'done', finishedAt: new Date() } }))
    } catch (err) {
      log.error({ err, callback: callback._id, event: callback.event }, 'WeCom callback handling failed')
      const retry = callback.attempts < MAX_ATTEMPTS
      await transition<WecomCallbackDoc>(db, Callback, callback._id, isOurs, () => ({
        $set: { status: retry ? 'pending' : 'failed', error: err instanceof Error ? err.message : String(err), finishedAt: new Date() },
      })).catch(() => {})
    }
  }

  async function recoverStale() {
    const before = new Date(Date.now() - STALE_AFTER_MS)
    for (const { _id } of await Callback.find({ status: 'processing', claimedAt: { $lt: before } }, { _id: 1 }).lean()) {
      await transition<WecomCallbackDoc>(db, Callback, _id, (doc) => doc.status === 'processing' && !!doc.claimedAt && doc.claimedAt < before, (doc) => ({
        $set: { status: doc.attempts < MAX_ATTEMPTS ? 'pending' : 'failed', error: 'the process stopped while handling it' },
      }))
    }
    await Callback.deleteMany({ status: { $in: ['done', 'failed'] }, receivedAt: { $lt: new Date(Date.now() - KEEP_DONE_MS) } })
  }

  const loop = (async () => {
    let lastRecovery = 0
    while (running) {
      try {
        if (Date.now() - lastRecovery > STALE_AFTER_MS / 2) {
          await recoverStale()
          lastRecovery = Date.now()
        }
        let claimedAny = false
        if (inFlight.size < concurrency) {
          const due = await Callback.find({ status: 'pending', event: { $in: events } }, { _id: 1 }).sort({ receivedAt: 1 }).limit(concurrency - inFlight.size).lean()
          for (const { _id } of due) {
            const claimed = await transition<WecomCallbackDoc>(db, Callback, _id, (doc) => doc.status === 'pending', (doc) => ({
              $set: { status: 'processing', claimedAt: new Date(), attempts: doc.attempts + 1 },
            }))
            if (!claimed) continue
            claimedAny = true
            const job = work(claimed).finally(() => {
              inFlight.delete(job)
              wake()
            })
            inFlight.add(job)
          }
        }
        if (!claimedAny) await sleep(pollMs)
      } catch (err) {
        if (!running) break
        log.error({ err }, 'WeCom callback inbox error')
        await sleep(1000)
      }
    }
  })()

  return {
    async stop() {
      running = false
      signals.off('stored', onStored)
      wake()
      await loop
      await Promise.allSettled([...inFlight])
    },
  }
}

export type CallbackInbox = ReturnType<typeof startCallbackInbox>
