import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { acquireLease, leaseModel, releaseLease, renewLease, withLease } from '../../platform/jobs/lease.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'

const TTL = 10_000
const at = (ms: number) => new Date(Date.UTC(2026, 10, 23, 2, 0, 0) + ms) // leases take `now` explicitly
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('lease locks', () => {
  let app: TestApp
  let keyCounter = 0
  const nextKey = () => `test:lease-${++keyCounter}`

  beforeAll(async () => {
    app = await startTestApp()
  })
  afterAll(() => app?.stop())

  it('a lease is exclusive: a second holder is refused while the first holds it', async () => {
    const key = nextKey()
    expect(await acquireLease(app.deps.db, key, 'a', TTL, at(0))).toBe(true)
    expect(await acquireLease(app.deps.db, key, 'b', TTL, at(TTL - 1))).toBe(false)
  })

  it('an expired lease is taken over by another holder, and the old holder can no longer renew it', async () => {
    const key = nextKey()
    await acquireLease(app.deps.db, key, 'a', TTL, at(0))
    expect(await acquireLease(app.deps.db, key, 'b', TTL, at(TTL + 1))).toBe(true)
    expect(await renewLease(app.deps.db, key, 'a', TTL, at(TTL + 2))).toBe(false)
    expect(await acquireLease(app.deps.db, key, 'a', TTL, at(TTL + 3))).toBe(false)
  })

  it('renewal keeps the lease past its first expiry', async () => {
    const key = nextKey()
    await acquireLease(app.deps.db, key, 'a', TTL, at(0))
    expect(await renewLease(app.deps.db, key, 'a', TTL, at(TTL - 1000))).toBe(true)
    expect(await acquireLease(app.deps.db, key, 'b', TTL, at(TTL + 1000))).toBe(false)
    expect(await acquireLease(app.deps.db, key, 'b', TTL, at(2 * TTL))).toBe(true)
  })

  it('the holder acquiring again just extends its lease', async () => {
    const key = nextKey()
    await acquireLease(app.deps.db, key, 'a', TTL, at(0))
    expect(await acquireLease(app.deps.db, key, 'a', TTL, at(5000))).toBe(true)
    expect(await acquireLease(app.deps.db, key, 'b', TTL, at(TTL + 1000))).toBe(false)
  })

  it('a released lease is free at once, and only its holder can release it', async () => {
    const key = nextKey()
    await acquireLease(app.deps.db, key, 'a', TTL, at(0))
    await releaseLease(app.deps.db, key, 'b')
    expect(await acquireLease(app.deps.db, key, 'b', TTL, at(1))).toBe(false)
    await releaseLease(app.deps.db, key, 'a')
    expect(await acquireLease(app.deps.db, key, 'b', TTL, at(2))).toBe(true)
  })

  it('of many instances racing for a free key, exactly one gets it', async () => {
    for (let round = 0; round < 5; round++) {
      const key = nextKey()
      const holders = Array.from({ length: 8 }, (_, i) => `h${i}`)
      const won = await Promise.all(holders.map((holder) => acquireLease(app.deps.db, key, holder, TTL, at(0))))
      expect(won.filter(Boolean)).toHaveLength(1)
    }
  })

  it('of many instances taking over the same expired lease at once, exactly one gets it', async () => {
    for (let round = 0; round < 10; round++) {
      const key = nextKey()
      await acquireLease(app.deps.db, key, 'crashed', TTL, at(0))
      const holders = Array.from({ length: 8 }, (_, i) => `h${i}`)
      const won = await Promise.all(holders.map((holder) => acquireLease(app.deps.db, key, holder, TTL, at(TTL + 1))))
      expect(won.filter(Boolean)).toHaveLength(1)
      const row = await leaseModel(app.deps.db).findById(key).lean<{ holder: string }>()
      expect(row!.holder).toBe(holders[won.indexOf(true)])
    }
  })

  it('withLease keeps renewing while the work outlasts the ttl, then releases', async () => {
    const key = nextKey()
    const ttl = 300
    let refusedMidway: boolean | undefined
    const outcome = await withLease(app.deps, key, ttl, async () => {
      await sleep(2 * ttl)
      refusedMidway = !(await acquireLease(app.deps.db, key, 'other', ttl))
      await sleep(ttl)
      return 'done'
    })
    expect(outcome).toEqual({ acquired: true, value: 'done' })
    expect(refusedMidway).toBe(true)
    expect(await acquireLease(app.deps.db, key, 'other', ttl)).toBe(true)
  })

  it('withLease does not run the work while another holder has the key', async () => {
    const key = nextKey()
    await acquireLease(app.deps.db, key, 'other', 60_000, new Date())
    let ran = false
    const outcome = await withLease(app.deps, key, 60_000, async () => {
      ran = true
    })
    expect(outcome).toEqual({ acquired: false })
    expect(ran).toBe(false)
  })
})
