import type { Connection } from 'mongoose'
import { jobRunModel } from './job-runs.ts'
import { leaseModel, leaseTakeoverModel } from './lease.ts'

/** Compiles the jobs' models before ensureIndexes, so the unique fireKey index exists before the first tick. */
export function registerJobModels(db: Connection): void {
  for (const register of [jobRunModel, leaseModel, leaseTakeoverModel]) register(db)
}
