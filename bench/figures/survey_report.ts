import { invitationModel } from '../../core/surveys/model.ts'
import { surveyReport } from '../../core/surveys/report.ts'
import { nationalDay, PLAN_DAY } from '../national-day.ts'
import type { BenchContext } from '../context.ts'
import type { Measured } from '../harness.ts'

export async function surveyReportFigure(ctx: BenchContext): Promise<Measured> {
  const day = await nationalDay(ctx)
  let started = performance.now()
  let seen = 0
  for await (const _ of invitationModel(day.deps.db).find({}).lean().cursor()) seen++
  const passMs = performance.now() - started
  started = performance.now()
  const figures = await surveyReport(day.deps, { from: PLAN_DAY, to: PLAN_DAY, clinicCodes: [] })
  const reportMs = performance.now() - started
  return { value: reportMs / 1000, unit: 's', baseline: passMs / 1000, note: `${figures.totals.invitations.toLocaleString('en')} sent in ${figures.rows.length} rows; the pass read ${seen.toLocaleString('en')} invitations` }
}
