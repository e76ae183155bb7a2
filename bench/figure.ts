import type { BenchContext } from './context.ts'
import type { Measured, Target } from './harness.ts'

/** One row of the bench's table: bench/figures/<id>.ts. */
export interface Figure {
  id: string
  /** What is measured, in a few words (the table's legend in the README). */
  title: string
  target: Target
  run(ctx: BenchContext): Promise<Measured>
}
