import { createBroadcast } from '../../core/broadcasts/service.ts'
import { openRun } from '../../core/broadcasts/dispatch.ts'
import { deliveryModel, runModel, type RunDoc } from '../../core/broadcasts/model.ts'
import { planBroadcastRun } from '../../core/broadcasts/plan.ts'
import { audienceFilter } from '../../core/broadcasts/audience.ts'
import { forEachMemberChunkWithConversations } from '../../core/broadcasts/routing.ts'
import { businessDay } from '../../platform/clock.ts'
import { membership } from '../member-fixtures.ts'
import type { BenchContext } from '../context.ts'
import type { Measured } from '../harness.ts'

const STAFF = { id: 'bench-marketing', name: '市场专员', roles: ['marketing'], clinicCodes: [] } as never

/** The broadcast planner (core/broadcasts/plan.ts) writing one delivery row per member of an audience of everyone. */
export async function broadcastPlan(ctx: BenchContext): Promise<Measured> {
  const { deps, members } = await membership(ctx)
  const now = deps.clock.now()
  const { id } = await createBroadcast(deps, { name: '双十二会员日', text: '{{name}}，{{clinic}}会员日到店享双倍积分，{{tier}}专属礼遇等您来。', audience: {} } as never, STAFF)
  const runId = `b:${id}:bench`
  await openRun(deps, { _id: runId, kind: 'broadcast', broadcastId: id as never, day: businessDay(now), occurrenceAt: now, createdAt: now })
  const run = (await runModel(deps.db).findById(runId).lean<RunDoc>())!
  let started = performance.now()
  await planBroadcastRun(deps, run, now)
  const planMs = performance.now() - started
  const rows = await deliveryModel(deps.db).countDocuments({ runId })

  // The baseline: as many rows of the same shape and size, a thousand at a time, into a bare collection.
  const sample = (await deliveryModel(deps.db).findOne({ runId, status: 'planned' }).lean<Record<string, unknown>>())!
  const bare = deps.db.collection('baseline_deliveries')
  started = performance.now()
  for (let i = 0; i < rows; i += 1000) {
    await bare.insertMany(Array.from({ length: Math.min(1000, rows - i) }, (_, j) => ({ ...sample, _id: `${runId}|bare-${i + j}` as never })), { ordered: false })
  }
  const bareMs = performance.now() - started
  await bare.drop()

  // The floor: just the reads the planner must do (its audience's members and every member's
  // conversations, through the planner's own cursors), which FerretDB decodes whole in Go.
  let read = 0
  started = performance.now()
  await forEachMemberChunkWithConversations(deps, audienceFilter({}, run.day), async (chunk, conversations) => {
    read += chunk.length
    for (const refs of conversations.values()) read += refs.length
  })
  const readMs = performance.now() - started
  const floor = readMs / bareMs
  return {
    value: planMs / 1000,
    unit: 's',
    baseline: bareMs / 1000,
    note: `${rows.toLocaleString('en')} delivery rows for ${members.toLocaleString('en')} members; read floor ${(readMs / 1000).toFixed(2)} s (${floor.toFixed(2)}× the bare insert) for ${read.toLocaleString('en')} members and conversations`,
    reason: `planning must first read ${read.toLocaleString('en')} members and conversations, which FerretDB decodes whole in Go (no index serves them): those reads alone take ${(readMs / 1000).toFixed(2)} s, ${floor.toFixed(2)}× the bare insert, before a row is written`,
  }
}
