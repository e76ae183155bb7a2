import type { Connection } from 'mongoose'
import { reviewModel, type ReviewDoc } from './review-model.ts'

/** Scored reviews of chats released in a period, for the KPI page. */
export async function reviewScoresByAgent(db: Connection, period: { start: Date; end: Date; clinicCodes: string[] | null }) {
  const docs = await reviewModel(db).find({ status: 'scored', releasedAt: { $gte: period.start, $lte: period.end }, ...(period.clinicCodes ? { clinicCode: { $in: period.clinicCodes } } : {}) }, { agentId: 1, agentName: 1, clinicCode: 1, percent: 1 }).lean<ReviewDoc[]>()
  return docs.map((d) => ({ agentId: d.agentId, agentName: d.agentName ?? '', clinicCode: d.clinicCode ?? null, percent: d.percent ?? 0 }))
}
