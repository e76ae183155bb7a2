import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { broadcastModel, deliveryModel, type DeliveryDoc } from '../../core/broadcasts/model.ts'
import { memberModel } from '../../core/members/model.ts'
import { setOptedOut } from '../../core/members/service.ts'
import { cancelQueued } from '../../platform/outbox/outbox.ts'
import { outboxModel } from '../../platform/outbox/model.ts'
import { startTestApp, testDatabaseUri, type TestApp } from '../helpers/test-app.ts'
import { eventually, seedMembers, type SeededMember } from './factories.ts'

const MEMBERS = 2000
/** Outbox workers per instance: one message in flight each, so a kill leaves at most this many uncertain. */
const WORKERS = 1
const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url))

/** The stand-in for WeChat: records every message that reaches it, by customer. */
function startStandIn() {
  const received = new Map<string, number>()
  let total = 0
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      const { recipient } = JSON.parse(body) as { recipient: string }
      received.set(recipient, (received.get(recipient) ?? 0) + 1)
      total++
      res.end('ok')
    })
  })
  return {
    received,
    total: () => total,
    listen: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/send`))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

describe('a broadcast to 2,000 members is delivered exactly once across crashes', () => {
  let app: TestApp
  let marketing: string
  let dbUri: string
  const children = new Set<ChildProcess>()

  // A database per scenario: on FerretDB every operation costs time in proportion to its
  // collection, so the second scenario should not pay for the first one's 2,000 outbox rows.
  beforeEach(async () => {
    const dbName = `crash_${Date.now()}`
    dbUri = testDatabaseUri(dbName)
    app = await startTestApp({ dbName, env: { BOT_ENABLED: 'false', BROADCAST_APPROVAL_THRESHOLD: '100000' } })
    marketing = await app.staffToken(['marketing'])
  })
  afterEach(async () => {
    for (const child of children) killGroup(child)
    children.clear()
    await app?.stop()
  })

  /** `node --import tsx crash-child.ts` in a process group of its own, so SIGKILL reaches the whole instance. */
  function startInstance(standInUrl: string, account: string): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: { ...process.env, MONGODB_URI: dbUri, STANDIN_URL: standInUrl, ACCOUNT: account, STALE_AFTER_MS: '10000', LEASE_TTL_MS: '3000', WORKERS: String(WORKERS) },
      detached: true,
      stdio: ['pipe', 'ignore', 'pipe'], // stdin: the child exits when the test process goes away
    })
    child.stderr!.on('data', (chunk) => process.stderr.write(`[instance ${child.pid}] ${chunk}`))
    children.add(child)
    return child
  }

  function killGroup(child: ChildProcess) {
    try {
      process.kill(-child.pid!, 'SIGKILL')
    } catch {
      /* already gone */
    }
  }

  async function crash(instances: ChildProcess[]) {
    await Promise.all(
      instances.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve()
            child.once('exit', () => resolve())
            killGroup(child)
          }),
      ),
    )
    for (const child of instances) children.delete(child)
  }

  async function startBroadcast(tag: string) {
    const created = await app.request('POST', '/api/broadcasts', { token: marketing, body: { name: `全员通知 ${tag}`, text: '{{name}}您好，本周六门诊照常开放。', audience: { tags: [tag] } } })
    expect(created.body.audienceCount).toBe(MEMBERS)
    expect((await app.request('POST', `/api/broadcasts/${created.body.id}/schedule`, { token: marketing })).body.status).toBe('scheduled')
    return created.body.id as string
  }

  async function seed(tag: string, account: string): Promise<SeededMember[]> {
    return seedMembers(app.deps.db, Array.from({ length: MEMBERS }, (_, i) => ({ name: `会员${i}`, tags: [tag] })), { account })
  }

  /**
   * The outbox has nothing left to send for the account, and then the dispatcher job, run as any
   * instance would (the killed ones' next minute may be far), has closed the run. (A dispatch reads
   * the whole run: run every 200 ms while the instances send, it would slow them down.)
   */
  const finished = (id: string, account: string) => async () => {
    if (await outboxModel(app.deps.db).exists({ account, status: { $in: ['queued', 'sending'] } })) return false
    await app.scheduler.runNow('broadcasts.dispatch')
    return (await broadcastModel(app.deps.db).findById(id, { status: 1 }).lean<{ status: string }>())?.status === 'completed'
  }

  /** What every customer got: at most one message each, and the deliveries say so. */
  async function expectExactlyOnce(id: string, members: SeededMember[], standIn: ReturnType<typeof startStandIn>, inFlightAtKill: number, optedOut: SeededMember[] = []) {
    const deliveries = await deliveryModel(app.deps.db).find({ broadcastId: id }).lean<DeliveryDoc[]>()
    expect(deliveries).toHaveLength(MEMBERS)
    expect(Math.max(...standIn.received.values())).toBe(1) // nobody twice
    const optedOutIds = new Set(optedOut.map((m) => m.id))
    for (const member of optedOut) expect(standIn.received.get(member.externalId!)).toBeUndefined()
    for (const delivery of deliveries) {
      const got = standIn.received.get(delivery.recipient!) ?? 0
      if (optedOutIds.has(String(delivery.memberId))) expect(delivery).toMatchObject({ status: 'skipped', reason: 'opted_out' })
      else if (delivery.status === 'sent') expect(got).toBe(1)
      else expect(delivery.status).toBe('uncertain') // cut short at the kill: never resent
    }
    const progress = (await app.request('GET', `/api/broadcasts/${id}`, { token: marketing })).body
    expect(progress).toMatchObject({ status: 'completed', planned: MEMBERS, failed: 0, skipped: optedOut.length, queued: 0, paused: 0 })
    expect(progress.sent + progress.uncertain).toBe(MEMBERS - optedOut.length)
    expect(progress.uncertain).toBeLessThanOrEqual(inFlightAtKill)
    expect(standIn.total()).toBeGreaterThanOrEqual(progress.sent) // every "sent" reached WeChat
    const uncertain = await app.request('GET', `/api/broadcasts/${id}/deliveries?status=uncertain`, { token: marketing })
    expect(uncertain.body.total).toBe(progress.uncertain)
    expect(members.length).toBe(MEMBERS)
  }

  /** A stand-in WeChat listening, the members on its account, and the broadcast to them started. */
  async function broadcastToStandIn(name: string) {
    const standIn = startStandIn()
    const url = await standIn.listen()
    const account = `standin:${name}`
    const members = await seed(`crash-${name}`, account)
    const id = await startBroadcast(`crash-${name}`)
    return { standIn, url, account, members, id }
  }

  it(
    'an instance killed halfway and started again sends the rest: nobody twice, at most the one message in flight uncertain, and an opt-out mid-run is honoured',
    async () => {
      const { standIn, url, account, members, id } = await broadcastToStandIn('single')

      const first = startInstance(url, account)
      await eventually(async () => standIn.total() >= 300, 900_000, '300 messages')
      // Opt-outs mid-run, the way the bot's opt_out answer does it, for the members last in line.
      const optedOut = members.slice(-20)
      for (const member of optedOut) {
        await setOptedOut(app.deps, member.id, true)
        await cancelQueued(app.deps.db, { memberId: member.id, origin: { $in: ['broadcast', 'care'] } })
      }
      await eventually(async () => standIn.total() >= MEMBERS / 2, 900_000, 'half of the messages')
      await crash([first]) // one worker sending one message at a time: at most one was in flight

      const second = startInstance(url, account)
      await eventually(finished(id, account), 900_000, 'the broadcast to complete')
      await crash([second])

      expect(await memberModel(app.deps.db).countDocuments({ _id: { $in: optedOut.map((m) => m.id) }, optedOut: true })).toBe(20)
      await expectExactlyOnce(id, members, standIn, WORKERS, optedOut)
      await standIn.close()
    },
    1_800_000,
  )

  it(
    'two instances started at once, both killed halfway, then two more: nobody twice, at most one uncertain per worker',
    async () => {
      const { standIn, url, account, members, id } = await broadcastToStandIn('pair')

      const pair = [startInstance(url, account), startInstance(url, account)]
      await eventually(async () => standIn.total() >= MEMBERS / 2, 900_000, 'half of the messages')
      await crash(pair)

      const again = [startInstance(url, account), startInstance(url, account)]
      await eventually(finished(id, account), 900_000, 'the broadcast to complete')
      await crash(again)

      await expectExactlyOnce(id, members, standIn, 2 * WORKERS)
      await standIn.close()
    },
    1_800_000,
  )
})
