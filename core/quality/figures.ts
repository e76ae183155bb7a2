/** Small statistics the quality figures share. */

/** Nearest-rank percentile (p in 0–1) of values, or null for none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (!values.length) return null
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]
}

export function average(values: readonly number[]): number | null {
  return values.length ? round(values.reduce((a, b) => a + b, 0) / values.length, 2) : null
}

export function share(part: number, whole: number): number | null {
  return whole ? round(part / whole, 4) : null
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(value * f) / f
}
