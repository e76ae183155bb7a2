import { z } from 'zod'
import { calendarDay } from '../calendar/schemas.ts'

export const careProgrammeView = z.object({
  key: z.enum(['day1', 'month1', 'month3', 'friday', 'season', 'holiday', 'birthday']),
  name: z.string(),
  when: z.string(),
  enabled: z.boolean(),
  texts: z.record(z.string(), z.string()).describe('the programme’s texts by slot; {{name}}, {{tier}}, {{clinic}} are filled per member'),
  library: z.array(z.string()).nullable().describe('friday only: the rotating texts'),
  nextDates: z.array(z.object({ day: z.string(), key: z.string(), name: z.string() })).describe('the coming calendar dates (Fridays, season starts, holidays for the next two years); empty for programmes counted from each member'),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
})
export type CareProgrammeView = z.infer<typeof careProgrammeView>

export const updateProgrammeBody = z.strictObject({
  enabled: z.boolean().optional(),
  texts: z.record(z.string(), z.string().trim().min(1).max(1000)).optional().describe('only the slots to change'),
  library: z.array(z.string().trim().min(1).max(500)).min(2).max(60).optional().describe('friday only: replaces the rotating library'),
})
export type UpdateProgrammeInput = z.infer<typeof updateProgrammeBody>

export const careTaskView = z.object({
  id: z.string(),
  kind: z.literal('birthday_gift'),
  memberId: z.string(),
  memberName: z.string(),
  tier: z.string(),
  clinicCode: z.string(),
  day: z.string(),
  celebrant: z.object({ kind: z.enum(['member', 'family']), name: z.string().nullable(), relation: z.string().nullable() }),
  optedOut: z.boolean(),
  status: z.enum(['open', 'done']),
  createdAt: z.string(),
  doneAt: z.string().nullable(),
  doneByName: z.string().nullable(),
  note: z.string().nullable(),
})
export type CareTaskView = z.infer<typeof careTaskView>

export const careTaskFilters = z.object({ status: z.enum(['open', 'done']).optional(), day: calendarDay.optional(), clinicCode: z.string().trim().max(16).optional() })
export const careTaskDoneBody = z.strictObject({ note: z.string().trim().max(500).optional() })
