/**
 * What every figure shares: percentiles, peak-RSS sampling, judging a measurement against its
 * target (a ratio to a baseline measured in the same run, so numbers from different machines
 * compare), the table and bench/results.json. Pure where it can be, so tests/bench checks it.
 */

/** A target: bounds on the ratio (value ÷ baseline) and/or on the value itself; all must hold. */
export interface Target {
  ratioAtMost?: number
  ratioAtLeast?: number
  valueBelow?: number
  valueAtLeast?: number
  /** What else must be true, by name (e.g. "0 duplicates"): filled in by the figure. */
  also?: string[]
}

/** What a figure's run answers. */
export interface Measured {
  value: number
  unit: string
  baseline?: number | null
  /** The named extra conditions of the target, as measured. */
  checks?: Record<string, boolean>
  /** Why a target cannot hold on this database, measured (shown beside `holds: false`). */
  reason?: string
  note?: string
}

export interface FigureResult {
  id: string
  value: number
  unit: string
  baseline: number | null
  ratio: number | null
  target: string
  holds: boolean
  reason?: string
  note?: string
  /** The same figure on MongoDB, when BENCH_MONGODB_URI is given. */
  mongodb?: Pick<FigureResult, 'value' | 'baseline' | 'ratio' | 'holds'>
}

/** Nearest-rank percentile (p in 0–100) of unsorted samples; NaN for none. */
export function percentile(samples: readonly number[], p: number): number {
  if (!samples.length) return NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]
}

export function ratioOf(value: number, baseline: number | null | undefined): number | null {
  return baseline ? value / baseline : null
}

export function describeTarget(target: Target, unit: string): string {
  const parts: string[] = []
  if (target.ratioAtLeast !== undefined && target.ratioAtMost !== undefined) parts.push(`ratio ${target.ratioAtLeast}–${target.ratioAtMost}`)
  else if (target.ratioAtMost !== undefined) parts.push(`ratio ≤ ${target.ratioAtMost}`)
  else if (target.ratioAtLeast !== undefined) parts.push(`ratio ≥ ${target.ratioAtLeast}`)
  if (target.valueBelow !== undefined) parts.push(`< ${formatNumber(target.valueBelow)} ${unit}`)
  if (target.valueAtLeast !== undefined) parts.push(`≥ ${formatNumber(target.valueAtLeast)} ${unit}`)
  parts.push(...(target.also ?? []))
  return parts.join(', ')
}

/** Whether every bound and every named check holds; a named check the figure did not report does not. */
export function holds(target: Target, measured: Pick<Measured, 'value' | 'checks'>, ratio: number | null): boolean {
  const ratioNeeded = target.ratioAtMost !== undefined || target.ratioAtLeast !== undefined
  if (ratioNeeded && (ratio === null || !Number.isFinite(ratio))) return false
  if (!Number.isFinite(measured.value)) return false
  if (target.ratioAtMost !== undefined && ratio! > target.ratioAtMost) return false
  if (target.ratioAtLeast !== undefined && ratio! < target.ratioAtLeast) return false
  if (target.valueBelow !== undefined && !(measured.value < target.valueBelow)) return false
  if (target.valueAtLeast !== undefined && !(measured.value >= target.valueAtLeast)) return false
  return (target.also ?? []).every((name) => measured.checks?.[name] === true)
}

export function judge(id: string, target: Target, measured: Measured): FigureResult {
  const baseline = measured.baseline ?? null
  const ratio = ratioOf(measured.value, baseline)
  const result: FigureResult = { id, value: round(measured.value), unit: measured.unit, baseline: baseline === null ? null : round(baseline), ratio: ratio === null ? null : round(ratio), target: describeTarget(target, measured.unit), holds: holds(target, measured, ratio) }
  if (measured.reason && !result.holds) result.reason = measured.reason
  if (measured.note) result.note = measured.note
  return result
}

/** Three significant digits at most, whole numbers as they are. */
export function round(n: number): number {
  if (!Number.isFinite(n) || Number.isInteger(n)) return n
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(n) || 1)))
  return Number(n.toFixed(Math.min(digits, 4)))
}

export function formatNumber(n: number | null): string {
  if (n === null) return '—'
  return round(n).toLocaleString('en', { maximumFractionDigits: 4 })
}

/** Samples this process's RSS every 20 ms until stopped; answers the peak in MB. */
export function sampleRss(): { stop(): number } {
  let peak = process.memoryUsage.rss()
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20)
  return {
    stop() {
      clearInterval(timer)
      return Math.max(peak, process.memoryUsage.rss()) / 2 ** 20
    },
  }
}

/** The results as a Markdown table (the README shows the same). */
export function table(results: readonly FigureResult[]): string {
  const withMongo = results.some((r) => r.mongodb)
  const header = ['id', 'value', 'baseline', 'ratio', 'target', 'holds', ...(withMongo ? ['on MongoDB'] : []), 'notes']
  const rows = results.map((r) => [
    `\`${r.id}\``,
    `${formatNumber(r.value)} ${r.unit}`,
    r.baseline === null ? '—' : `${formatNumber(r.baseline)} ${r.unit}`,
    r.ratio === null ? '—' : `${formatNumber(r.ratio)}×`,
    r.target,
    r.holds ? 'yes' : 'no',
    ...(withMongo ? [r.mongodb ? `${formatNumber(r.mongodb.value)} ${r.unit}${r.mongodb.ratio === null ? '' : ` (${formatNumber(r.mongodb.ratio)}×)`}, ${r.mongodb.holds ? 'holds' : 'does not hold'}` : '—'] : []),
    [r.note, r.reason ? `why not: ${r.reason}` : ''].filter(Boolean).join('; ').replace(/\s+/g, ' ').replaceAll('|', '\\|'),
  ])
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

export interface ResultsFile {
  engine: string
  at: string
  figures: FigureResult[]
}
