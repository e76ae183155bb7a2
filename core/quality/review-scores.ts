import type { Connection } from 'mongoose'

/** Scored reviews in a period, per agent, for the KPI page (filled in by the review area). */
export async function reviewScoresByAgent(_db: Connection, _period: { start: Date; end: Date; clinicCodes: string[] | null }): Promise<Array<{ agentId: string; agentName: string; clinicCode: string | null; percent: number }>> {
  return []
}
