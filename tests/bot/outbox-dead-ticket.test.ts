import { describe, expect, it } from 'vitest'
import { ticketModel } from '../../platform/db/atomic.ts'
import { outboxModel } from '../../platform/outbox/model.ts'
import { enqueueMessage } from '../../platform/outbox/outbox.ts'
import { useTestApp } from '../helpers/test-app.ts'
import { eventually, recordingWorker } from '../broadcasts/factories.ts'

/**
 * A process killed between taking a row's transition ticket and writing the row leaves a ticket
 * nobody will use (platform/db/atomic.ts). The crash test with two instances hit it: the
 * restarted workers could neither mark the stale send uncertain nor claim anything after it.
 */
describe('a transition ticket left by a killed process', () => {
  const suite = useTestApp({ env: { BOT_ENABLED: 'false' } })

  const message = (account: string, n: number) => ({ key: `dead:${account}:${n}`, channel: 'wechaty', account, recipient: `customer-${n}`, text: `第${n}条`, origin: 'broadcast', priority: 9 })
  const leaveDeadTicket = (id: string, rev: number) => ticketModel(suite.app.deps.db).create({ _id: `outbox:${id}:${rev}`, at: new Date(Date.now() - 120_000) })

  it('does not keep a queued message from being sent, once', async () => {
    const account = 'test:dead-queued'
    const { id } = await enqueueMessage(suite.app.deps.db, message(account, 1))
    await leaveDeadTicket(id, 0) // killed while taking it to send
    const worker = recordingWorker(suite.app.deps.db, [account], { staleAfterMs: 1000 })
    await eventually(async () => (await outboxModel(suite.app.deps.db).findById(id).lean<{ status: string }>())?.status === 'sent', 30_000, 'the message to be sent')
    await worker.stop()
    expect(worker.received.get('customer-1')).toEqual(['第1条'])
  })

  it('does not keep a send cut short from becoming uncertain, nor the worker from sending the rest', async () => {
    const account = 'test:dead-sending'
    const Outbox = outboxModel(suite.app.deps.db)
    const { id: cutShort } = await enqueueMessage(suite.app.deps.db, message(account, 2))
    await Outbox.updateOne({ _id: cutShort }, { $set: { status: 'sending', claimedAt: new Date(Date.now() - 120_000), attempts: 1, rev: 2 } })
    await leaveDeadTicket(cutShort, 2) // killed after the channel call, while recording "sent"
    const { id: next } = await enqueueMessage(suite.app.deps.db, message(account, 3))
    const worker = recordingWorker(suite.app.deps.db, [account], { staleAfterMs: 1000 })
    await eventually(async () => (await Outbox.findById(next).lean<{ status: string }>())?.status === 'sent', 30_000, 'the next message to be sent')
    await eventually(async () => (await Outbox.findById(cutShort).lean<{ status: string }>())?.status === 'uncertain', 30_000, 'the cut-short send to be uncertain')
    await worker.stop()
    expect(worker.received.get('customer-2')).toBeUndefined() // never sent again
    expect(worker.received.get('customer-3')).toEqual(['第3条'])
  })
})
