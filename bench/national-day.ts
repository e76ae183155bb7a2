/**
 * A national chain's day (domain.md §5: ~30 million visits a year are ~82,000 a day), seeded once
 * and planned once for survey_plan and survey_report.
 */
import { Types, type Connection } from 'mongoose'
import { planInvitations } from '../core/surveys/planning.ts'
import { fixedClock } from '../platform/clock.ts'
import type { Deps } from '../platform/deps.ts'
import type { BenchContext } from './context.ts'
import { seedVisitDay } from './survey-fixtures.ts'

export const VISIT_DAY = '2026-11-23'
export const PLAN_DAY = '2026-11-24'
export const PLAN_AT = new Date('2026-11-24T10:00:00+08:00')

export interface PlannedDay {
  deps: Deps
  visits: number
  planMs: number
  planned: number
  sent: number
  skipped: number
}

export function nationalDay(ctx: BenchContext): Promise<PlannedDay> {
  return ctx.once('national-day', async () => {
    const deps = await ctx.freshDeps('bench_national', fixedClock(PLAN_AT))
    const visits = ctx.size(82_000, 4_000)
    await seedVisitDay(deps.db, { visits, day: VISIT_DAY, tag: 'n' })
    const started = performance.now()
    const outcome = await planInvitations(deps, PLAN_AT, { recentDays: 7 })
    const planMs = performance.now() - started
    const skipped = Object.values(outcome.skipped).reduce((a, b) => a + (b ?? 0), 0)
    return { deps, visits, planMs, planned: outcome.planned, sent: outcome.sent, skipped }
  })
}

/** A bare insertMany, a thousand at a time, of as many documents as the day's invitations, of their size and shape. */
export async function insertInvitationSized(db: Connection, count: number): Promise<number> {
  const collection = db.collection('baseline_invitations')
  await collection.drop().catch(() => {})
  const now = new Date(PLAN_AT)
  const started = performance.now()
  for (let i = 0; i < count; i += 1000) {
    await collection.insertMany(
      Array.from({ length: Math.min(1000, count - i) }, () => {
        const visitId = new Types.ObjectId()
        return { _id: new Types.ObjectId(), key: `${visitId}:non_surgical`, visitId, memberId: new Types.ObjectId(), clinicCode: 'BJ01', visitType: 'non_surgical', visitDay: VISIT_DAY, surveyType: 'non_surgical', templateVersion: 1, planDay: PLAN_DAY, createdAt: now, status: 'sent', sentAt: now, expiresAt: now, conversationId: new Types.ObjectId(), channel: 'wechaty' }
      }),
      { ordered: false },
    )
  }
  const ms = performance.now() - started
  await collection.drop().catch(() => {})
  return ms
}
