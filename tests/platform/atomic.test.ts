import { Schema } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEAD_TICKET_AFTER_MS, ticketModel, transition } from '../../platform/db/atomic.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'

type Counter = { _id: string; rev?: number; count: number; by: string[] }

describe('transition: one winner per revision, also after a writer died mid-way', () => {
  let app: TestApp
  const Counter = () => app.deps.db.models.AtomicCounter ?? app.deps.db.model('AtomicCounter', new Schema({ _id: String, rev: Number, count: Number, by: [String] }, { collection: 'atomic_counters', versionKey: false }))
  const ticketAgo = (key: string, ms: number) => ticketModel(app.deps.db).create({ _id: key, at: new Date(Date.now() - ms) })
  const bump = (id: string, by: string) => transition<Counter>(app.deps.db, Counter(), id, () => true, (doc) => ({ $set: { count: doc.count + 1, by: [...doc.by, by] } }))

  beforeAll(async () => {
    app = await startTestApp({ env: { BOT_ENABLED: 'false' } })
  })
  afterAll(() => app?.stop())

  it('ten concurrent increments all land, none twice', async () => {
    await Counter().create({ _id: 'concurrent', count: 0, by: [] })
    await Promise.all(Array.from({ length: 10 }, (_, i) => bump('concurrent', `w${i}`)))
    const doc = await Counter().findById('concurrent').lean<Counter>()
    expect(doc).toMatchObject({ count: 10, rev: 10 })
    expect(new Set(doc!.by).size).toBe(10)
  })

  it('a guard that no longer holds after a lost race answers null', async () => {
    await Counter().create({ _id: 'once', count: 0, by: [] })
    const once = (by: string) => transition<Counter>(app.deps.db, Counter(), 'once', (doc) => doc.count === 0, () => ({ $set: { count: 1, by: [by] } }))
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => once(`w${i}`)))
    expect(results.filter(Boolean)).toHaveLength(1)
    expect(await Counter().findById('once').lean<Counter>()).toMatchObject({ count: 1, rev: 1 })
  })

  it('a caller that passes the document it already holds writes without reading; one that is stale by then loses and applies to the current one', async () => {
    await Counter().create({ _id: 'known', count: 0, by: [] })
    const held = (await bump('known', 'first'))!
    const fromHeld = (by: string) => transition<Counter>(app.deps.db, Counter(), 'known', () => true, (doc) => ({ $set: { count: doc.count + 1, by: [...doc.by, by] } }), held)
    expect(await fromHeld('from-held')).toMatchObject({ count: 2, by: ['first', 'from-held'], rev: 2 })
    // `held` is now a revision behind: its ticket is taken, so the change is made to what is stored.
    expect(await fromHeld('stale')).toMatchObject({ count: 3, by: ['first', 'from-held', 'stale'], rev: 3 })
  })

  it('steps over the ticket of a process killed between taking it and writing, keeping the document as it was', async () => {
    await Counter().create({ _id: 'dead', count: 5, by: [], rev: 3 })
    await ticketAgo('atomic_counters:dead:3', DEAD_TICKET_AFTER_MS + 1000)
    expect(await bump('dead', 'after')).toMatchObject({ count: 6, by: ['after'], rev: 5 })
  })

  it('and over a dead step-over ticket too', async () => {
    await Counter().create({ _id: 'dead-twice', count: 0, by: [], rev: 0 })
    await ticketAgo('atomic_counters:dead-twice:0', DEAD_TICKET_AFTER_MS + 5000)
    await ticketAgo('atomic_counters:dead-twice:0:dead0', DEAD_TICKET_AFTER_MS + 1000)
    expect(await bump('dead-twice', 'after')).toMatchObject({ count: 1, rev: 2 })
  })

  it('never steps over a ticket young enough to belong to a writer still at work, and the loser is told 409 conflict', async () => {
    await Counter().create({ _id: 'busy', count: 0, by: [], rev: 0 })
    await ticketAgo('atomic_counters:busy:0', 1000)
    await expect(bump('busy', 'impatient')).rejects.toMatchObject({ status: 409, code: 'conflict', message: expect.stringMatching(/kept losing races/) })
    expect(await Counter().findById('busy').lean<Counter>()).toMatchObject({ count: 0, rev: 0 })
  })
})
