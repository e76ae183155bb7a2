import { describe, expect, it } from 'vitest'
import { outboxModel } from '../../platform/outbox/model.ts'
import { enqueueMessage, startOutboxWorker, type Sender } from '../../platform/outbox/outbox.ts'
import { SendError } from '../../platform/outbox/send-error.ts'
import { useTestApp } from '../helpers/test-app.ts'

describe('the outbox', () => {
  const suite = useTestApp({ env: { BOT_ENABLED: 'false' } })

  const message = (account: string, i: number) => ({ key: `${account}:${i}`, channel: 'test', account, recipient: `customer-${i % 7}`, text: `第${i}条`, origin: 'broadcast' })

  it('a burst of 200 messages is paced at the set rate and each is sent exactly once, even by two workers at once', async () => {
    const account = 'test:burst'
    const sentAt = new Map<string, number[]>()
    const sender: Sender = async (doc) => {
      sentAt.set(doc.key, [...(sentAt.get(doc.key) ?? []), Date.now()])
    }
    for (let i = 0; i < 200; i++) await enqueueMessage(suite.app.deps.db, message(account, i))
    expect((await enqueueMessage(suite.app.deps.db, message(account, 0))).created).toBe(false) // same key: nothing new

    const pacing = { perMinute: 1500, burst: 1 } // one every 40 ms
    const started = Date.now()
    const workers = [1, 2].map(() => startOutboxWorker({ db: suite.app.deps.db, log: suite.app.deps.log, senders: { [account]: sender }, pacing }))
    const deadline = Date.now() + 90_000
    while ((await outboxModel(suite.app.deps.db).countDocuments({ account, status: 'sent' })) < 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100))
    }
    await Promise.all(workers.map((w) => w.stop()))

    expect(sentAt.size).toBe(200)
    expect([...sentAt.values()].every((times) => times.length === 1)).toBe(true)
    const times = [...sentAt.values()].map(([t]) => t).sort((a, b) => a - b)
    // At 1,500 a minute the 200th message cannot leave before 199 intervals of 40 ms (load only slows it).
    expect(times.at(-1)! - started).toBeGreaterThanOrEqual(199 * 40 * 0.9)
  }, 120_000)

  it('a transient failure is retried with back-off; a permanent one stops with its reason', async () => {
    const account = 'test:failures'
    let flaky = 0
    const sender: Sender = async (doc) => {
      if (doc.text === 'flaky' && flaky++ === 0) throw new SendError('transient', 'busy', 'try again', 50)
      if (doc.text === 'gone') throw new SendError('permanent', 'customer_gone', 'not a contact any more')
    }
    await enqueueMessage(suite.app.deps.db, { ...message(account, 1), text: 'flaky' })
    await enqueueMessage(suite.app.deps.db, { ...message(account, 2), text: 'gone' })
    const worker = startOutboxWorker({ db: suite.app.deps.db, log: suite.app.deps.log, senders: { [account]: sender }, pacing: { perMinute: 6000, burst: 5 } })
    const Outbox = outboxModel(suite.app.deps.db)
    const deadline = Date.now() + 10_000
    while ((await Outbox.countDocuments({ account, status: { $in: ['sent', 'failed'] } })) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    await worker.stop()
    expect(await Outbox.findOne({ key: `${account}:1` }).lean()).toMatchObject({ status: 'sent', attempts: 2 })
    expect(await Outbox.findOne({ key: `${account}:2` }).lean()).toMatchObject({ status: 'failed', attempts: 1, lastError: 'customer_gone: not a contact any more' })
  })

  it('a message left in sending by a crashed process is marked uncertain and never sent again', async () => {
    const account = 'test:crash'
    const Outbox = outboxModel(suite.app.deps.db)
    await enqueueMessage(suite.app.deps.db, message(account, 1))
    await Outbox.updateOne({ key: `${account}:1` }, { $set: { status: 'sending', claimedAt: new Date(Date.now() - 120_000), attempts: 1 } })
    const calls: string[] = []
    const worker = startOutboxWorker({ db: suite.app.deps.db, log: suite.app.deps.log, senders: { [account]: async (doc) => void calls.push(doc.key) }, pacing: { perMinute: 6000, burst: 5 } })
    await new Promise((r) => setTimeout(r, 800))
    await worker.stop()
    expect(calls).toEqual([])
    expect(await Outbox.findOne({ key: `${account}:1` }).lean()).toMatchObject({ status: 'uncertain' })
  })
})
