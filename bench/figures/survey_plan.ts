import { insertInvitationSized, nationalDay } from '../national-day.ts'
import type { Figure } from '../figure.ts'

export const surveyPlan: Figure = {
  id: 'survey_plan',
  title: "survey planning for one day of 82,000 visits vs a bare insertMany of the invitations",
  target: { ratioAtMost: 1.5 },
  async run(ctx) {
    const day = await nationalDay(ctx)
    const baselineMs = await insertInvitationSized(day.deps.db, day.planned)
    return {
      value: day.planMs / 1000,
      unit: 's',
      baseline: baselineMs / 1000,
      note: `${day.visits.toLocaleString('en')} visits → ${day.planned.toLocaleString('en')} invitations (${day.sent.toLocaleString('en')} to send, ${day.skipped.toLocaleString('en')} skipped)`,
    }
  },
}
