/** Points earned per yuan spent at a visit (the one place to change the earning rate). */
export const POINTS_PER_YUAN = 1

/** Whole points for a spend in fen, rounded down. */
export function pointsForSpend(amountFen: number): number {
  return Math.floor((amountFen * POINTS_PER_YUAN) / 100)
}
