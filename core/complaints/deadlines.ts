/** The complaint deadlines (seed 003 投诉反馈调查处理期限要求 and 投诉处理流程图), on the Chinese working-day calendar. */
import { addCalendarDays, addHours, addWorkingDays, type Deadline } from '../calendar/index.ts'

/** "客服部须在三个工作日内…完成与患者的第一次接触": 3 working days from receipt. */
export const FIRST_CONTACT_WORKING_DAYS = 3
/** "自客服部受理起京内7天，京外14天内结案": calendar days from acceptance (step 2). */
export const CLOSE_DAYS = { local: 7, remote: 14 } as const
/** "退至银行卡约7个工作日": when a bank-card refund is expected to reach the patient. */
export const BANK_CARD_WORKING_DAYS = 7

export type Region = keyof typeof CLOSE_DAYS

export function firstContactDeadline(receivedAt: Date): Deadline {
  return addWorkingDays(receivedAt, FIRST_CONTACT_WORKING_DAYS)
}

/** Calendar days do not depend on the holiday calendar, so this deadline is never provisional. */
export function closeDeadline(acceptedAt: Date, region: Region): Date {
  return addCalendarDays(acceptedAt, CLOSE_DAYS[region])
}

export function bankCardArrival(processedAt: Date): Deadline {
  return addWorkingDays(processedAt, BANK_CARD_WORKING_DAYS)
}

/** A step's time limit, counted from when the case enters the step. */
export type StepLimit = { hours: number } | { calendarDays: number }

export function stepDeadline(enteredAt: Date, limit: StepLimit | null): Date | null {
  if (!limit) return null
  return 'hours' in limit ? addHours(enteredAt, limit.hours) : addCalendarDays(enteredAt, limit.calendarDays)
}
