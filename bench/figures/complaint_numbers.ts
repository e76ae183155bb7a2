import { fileComplaint } from '../../core/complaints/service.ts'
import { complaintModel } from '../../core/complaints/model.ts'
import { percentile, type Measured } from '../harness.ts'
import type { BenchContext } from '../context.ts'

const CLINIC = 'BJ01'

/** Concurrent intakes at one clinic in one month: every case gets the next number, none twice, none skipped. */
export async function complaintNumbers(ctx: BenchContext): Promise<Measured> {
  const deps = await ctx.freshDeps('bench_complaints')
  const intakes = ctx.size(1_000, 100)
  const times: number[] = []
  await Promise.all(
    Array.from({ length: intakes }, async (_, i) => {
      const started = performance.now()
      await fileComplaint(deps, { clinicCode: CLINIC, channel: 'phone', customerName: `客户${i}`, description: '等候时间太长，前台态度也不好' })
      times.push(performance.now() - started)
    }),
  )
  const seqs = (await complaintModel(deps.db).find({ clinicCode: CLINIC }, { seq: 1 }).lean<Array<{ seq: number }>>()).map((c) => c.seq)
  const distinct = new Set(seqs)
  const noGap = distinct.size === intakes && Math.min(...seqs) === 1 && Math.max(...seqs) === intakes
  return {
    value: percentile(times, 99),
    unit: 'ms p99/number',
    checks: { 'no duplicate': distinct.size === seqs.length, 'no gap': noGap },
    note: `${intakes.toLocaleString('en')} intakes at once: ${seqs.length - distinct.size} duplicates, numbers 1–${Math.max(...seqs)} for ${distinct.size} cases; p50 ${percentile(times, 50).toFixed(0)} ms (numbers are drawn one at a time per clinic and month)`,
  }
}
