import { complaintModel } from '../../core/complaints/model.ts'
import { conversationModel } from '../../core/conversations/model.ts'
import { memberModel } from '../../core/members/model.ts'
import { visitModel } from '../../core/visits/model.ts'
import type { Deps } from '../../platform/deps.ts'
import { insertInvitationSized, nationalDay, VISIT_DAY } from '../national-day.ts'
import type { BenchContext } from '../context.ts'
import type { Measured } from '../harness.ts'

/**
 * The reads planning cannot do without, as core/surveys/planning.ts does them (projected scans:
 * FerretDB serves none of them from an index): the day's visits, then the members and their
 * conversations (and their past invitations: none in this fresh database when it planned, so not
 * read again here, now that the day's are written). Answers the time and the documents read.
 */
async function readFloor(deps: Deps): Promise<{ ms: number; documents: number }> {
  const { db } = deps
  let documents = 0
  const started = performance.now()
  const scan = async (cursor: AsyncIterable<unknown>) => {
    for await (const _ of cursor) documents++
  }
  await scan(visitModel(db).collection.find({ visitDay: { $in: [VISIT_DAY] } }, { projection: { memberId: 1, clinicCode: 1, type: 1, visitDay: 1, visitedAt: 1 }, batchSize: 1000 }))
  await Promise.all([
    scan(memberModel(db).collection.find({}, { projection: { status: 1, optedOut: 1, miniprogramAt: 1 }, batchSize: 1000 })),
    scan(conversationModel(db).collection.find({}, { projection: { memberId: 1, channel: 1, lastCustomerMessageAt: 1, lastMessageAt: 1 }, batchSize: 1000 })),
    scan(complaintModel(db).collection.find({ status: { $in: ['open', 'reopened'] }, memberId: { $ne: null } }, { projection: { memberId: 1 } })),
  ])
  return { ms: performance.now() - started, documents }
}

export async function surveyPlan(ctx: BenchContext): Promise<Measured> {
  const day = await nationalDay(ctx)
  const baselineMs = await insertInvitationSized(day.deps.db, day.planned)
  const floor = await readFloor(day.deps)
  const floorRatio = floor.ms / baselineMs
  return {
    value: day.planMs / 1000,
    unit: 's',
    baseline: baselineMs / 1000,
    note: `${day.visits.toLocaleString('en')} visits → ${day.planned.toLocaleString('en')} invitations (${day.sent.toLocaleString('en')} to send, ${day.skipped.toLocaleString('en')} skipped); read floor ${(floor.ms / 1000).toFixed(2)} s (${floorRatio.toFixed(2)}× the bare insert) for ${floor.documents.toLocaleString('en')} visits, members and conversations`,
    reason: `planning must first read ${floor.documents.toLocaleString('en')} visits, members and conversations, which FerretDB decodes whole in Go (no index serves them): those reads alone take ${(floor.ms / 1000).toFixed(2)} s, ${floorRatio.toFixed(2)}× the bare insert, before an invitation is decided`,
  }
}
