/**
 * The official holiday calendars (GET /api/calendar/years): the years admins entered from the State
 * Council's notice are installed into the very calendar the console counts working days on
 * (core/calendar, see working-days.ts), and the warning for a year whose deadlines are provisional.
 */
import { reactive } from 'vue'
import { installEnteredYears, type AdjustedWorkday, type EnteredYear, type HolidayRange } from '../../../core/calendar/entered-years.ts'
import { api } from './api.ts'

export type { AdjustedWorkday, HolidayRange }

export type CalendarSource = 'entered' | 'library' | 'provisional'

export interface CalendarYearSummary {
  year: number
  source: CalendarSource
  version: number | null
  savedAt: string | null
  savedBy: string | null
}

export interface CalendarYears {
  items: CalendarYearSummary[]
  total: number
  warning: { year: number; message: string } | null
  entered: EnteredYear[]
}

export interface CalendarProblem {
  code: string
  message: string
  days: string[]
}

export interface CalendarPreview {
  year: number
  holidays: HolidayRange[]
  workdays: AdjustedWorkday[]
  unread: Array<{ line: number; text: string; message: string }>
  skipped: number
  problems: CalendarProblem[]
  warnings: CalendarProblem[]
  holidayDays: number
}

export type EntrySource = 'manual' | 'notice' | 'ics'

export interface CalendarYearDetail extends CalendarYearSummary {
  holidays: HolidayRange[]
  workdays: AdjustedWorkday[]
  entrySource: EntrySource | null
  note: string | null
  library: { holidays: HolidayRange[]; workdays: AdjustedWorkday[] } | null
  history: Array<{
    version: number
    savedAt: string
    savedBy: string
    source: EntrySource
    note: string | null
    changes: { holidaysAdded: string[]; holidaysRemoved: string[]; workdaysAdded: string[]; workdaysRemoved: string[] }
  }>
  recomputed?: { moved: number; confirmed: number; notices: number }
}

export const SOURCE_LABELS: Record<CalendarSource, string> = { entered: '已录入', library: '内置日历', provisional: '暂定' }
export const ENTRY_LABELS: Record<EntrySource, string> = { manual: '逐项录入', notice: '粘贴通知', ics: '导入 .ics' }

/** Chinese for what the API's checks say about an entry. */
export const PROBLEM_TEXT: Record<string, string> = {
  calendar_day_outside_year: '有日期不在该年内（元旦可含上一年 12 月 25–31 日）',
  calendar_day_holiday_and_workday: '同一天不能既放假又上班',
  calendar_range_reversed: '放假的结束日期早于开始日期',
  calendar_holidays_overlap: '两个节日包含了同一天',
  calendar_workday_not_weekend: '调休上班日不是周末（工作日本来就上班，请核对）',
  calendar_missing_holiday: '没有春节或国庆节（每年的通知都有，请核对）',
}

export const calendarState = reactive<{ warning: CalendarYears['warning']; loaded: boolean }>({ warning: null, loaded: false })

/** Reads the calendars once per session (and after a save), so deadline hints count on the entered days. */
export async function loadOfficialCalendar(): Promise<CalendarYears> {
  const years = await api.get<CalendarYears>('/api/calendar/years')
  installEnteredYears(years.entered)
  calendarState.warning = years.warning
  calendarState.loaded = true
  return years
}
