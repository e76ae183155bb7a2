/**
 * Measuring: wall time and the Node process's peak RSS while a benchmark runs, reported as a ratio
 * to a baseline measured in the same run, so numbers from different machines compare. (The
 * embedded FerretDB is a separate process; its memory is not in these figures.)
 */
export interface Measurement {
  name: string
  ms: number
  peakRssMb: number
  note?: string
}

export async function measure(name: string, work: () => Promise<string | void>): Promise<Measurement> {
  let peak = process.memoryUsage.rss()
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss())
  }, 10)
  const started = performance.now()
  try {
    const note = await work()
    const ms = performance.now() - started
    peak = Math.max(peak, process.memoryUsage.rss())
    return { name, ms, peakRssMb: peak / 2 ** 20, ...(note ? { note } : {}) }
  } finally {
    clearInterval(sampler)
  }
}

export function report(baseline: Measurement, results: Measurement[]): string {
  const rows = [baseline, ...results].map((m) => [
    m.name,
    `${(m.ms / 1000).toFixed(2)} s`,
    m === baseline ? '1.00×' : `${(m.ms / baseline.ms).toFixed(2)}×`,
    `${m.peakRssMb.toFixed(0)} MB`,
    m.note ?? '',
  ])
  const header = ['benchmark', 'time', 'vs baseline', 'peak RSS', 'result']
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))))
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(widths[i] - width(c))).join('  ')
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

/** Display width: CJK characters take two columns. */
function width(text: string): number {
  let w = 0
  for (const ch of text) w += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1
  return w
}
