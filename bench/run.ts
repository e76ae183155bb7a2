/**
 * `npm run bench [-- <id> …]`: the whole product's speed and memory, each figure against a
 * baseline measured in the same run on the same database (bench/figures/<id>.ts). Starts its own
 * embedded FerretDB under a temporary DATA_DIR; with BENCH_MONGODB_URI every figure runs on MongoDB
 * too, printed beside. BENCH_QUICK=1 runs small sizes (for developing; results not saved as the
 * run's). Prints the table and writes bench/results.json (a full run) or bench/results.last.json.
 * Benchmarks measure; they never fail on time.
 */
import { writeFileSync } from 'node:fs'
import { openBenchContext, type BenchContext } from './context.ts'
import { FIGURES } from './figures/index.ts'
import { judge, table, type FigureResult, type ResultsFile } from './harness.ts'

const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('-'))
const unknown = requested.filter((id) => !FIGURES.some((f) => f.id === id))
if (unknown.length) {
  console.error(`unknown figure ${unknown.join(', ')}; the figures are: ${FIGURES.map((f) => f.id).join(', ')}`)
  process.exit(2)
}
const figures = requested.length ? FIGURES.filter((f) => requested.includes(f.id)) : FIGURES
const quick = process.env.BENCH_QUICK === '1'
const mongodbUri = process.env.BENCH_MONGODB_URI || undefined

async function runAll(ctx: BenchContext, label: string): Promise<FigureResult[]> {
  const results: FigureResult[] = []
  for (const figure of figures) {
    const started = performance.now()
    process.stdout.write(`${label}: ${figure.id} … `)
    try {
      const result = judge(figure.id, figure.target, await figure.run(ctx))
      results.push(result)
      console.log(`${result.value} ${result.unit}${result.ratio === null ? '' : ` (${result.ratio}×)`} — ${result.holds ? 'holds' : 'does not hold'} [${((performance.now() - started) / 1000).toFixed(1)} s]`)
    } catch (err) {
      console.log('failed')
      console.error(err)
      results.push({ id: figure.id, value: NaN, unit: '', baseline: null, ratio: null, target: '', holds: false, reason: `the figure failed: ${err instanceof Error ? err.message : String(err)}` })
    }
  }
  return results
}

const engineName = (engine: string) => (engine === 'ferretdb' ? 'embedded FerretDB v1.24.2 (SQLite)' : 'MongoDB')
const embedded = await openBenchContext({ quick })
let results: FigureResult[]
try {
  console.log(`CareDesk bench — ${engineName(embedded.engine)}, Node ${process.version}${quick ? ', quick sizes' : ''}\n`)
  results = await runAll(embedded, 'embedded')
} finally {
  await embedded.close()
}
if (mongodbUri) {
  const mongo = await openBenchContext({ mongodbUri, quick })
  try {
    for (const other of await runAll(mongo, 'MongoDB')) {
      const result = results.find((r) => r.id === other.id)
      if (result) result.mongodb = { value: other.value, baseline: other.baseline, ratio: other.ratio, holds: other.holds }
    }
  } finally {
    await mongo.close()
  }
}

console.log(`\n${table(results)}`)
const file: ResultsFile = { engine: `${engineName(embedded.engine)}, Node ${process.version}`, at: new Date().toISOString(), figures: results }
const fullRun = !quick && figures.length === FIGURES.length
const path = new URL(fullRun ? './results.json' : './results.last.json', import.meta.url)
writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`)
console.log(`\nwritten: bench/${fullRun ? 'results.json' : 'results.last.json'}`)
// The app's puppet and the database driver leave handles behind; the figures are done.
process.exit(0)
