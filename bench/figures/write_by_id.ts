import type { BenchContext } from '../context.ts'
import type { Measured } from '../harness.ts'

const WRITES = 500

/** A write by `_id` must not grow with the collection (FerretDB's `_id` index, patched at build). */
export async function writeById(ctx: BenchContext): Promise<Measured> {
  const { db } = await ctx.freshDeps('bench_writes')
  const msPerWrite = async (size: number) => {
    const collection = db.collection(`docs_${size}`)
    for (let i = 0; i < size; i += 1000) {
      await collection.insertMany(Array.from({ length: Math.min(1000, size - i) }, (_, j) => ({ _id: `doc-${i + j}` as never, n: i + j, status: 'bot' })), { ordered: false })
    }
    const picks = Array.from({ length: WRITES }, (_, i) => `doc-${(i * 7919) % size}`)
    const started = performance.now()
    for (const _id of picks) await collection.updateOne({ _id: _id as never }, { $set: { status: 'agent' }, $inc: { n: 1 } })
    return (performance.now() - started) / WRITES
  }
  const small = await msPerWrite(1_000)
  const large = await msPerWrite(ctx.size(20_000, 5_000))
  return { value: large, unit: 'ms/write', baseline: small, note: `${WRITES} writes at each size${ctx.quick ? ' (quick: 5,000 documents)' : ''}` }
}
