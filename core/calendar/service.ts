/**
 * Official holiday calendars entered by admins: saved as versions, installed into the pure
 * calendar (entered-years.ts) of every instance, and the open complaint deadlines counted again.
 */
import type { Deps } from '../../platform/deps.ts'
import { conflict, isDuplicateKeyError, ruleNotMet } from '../../platform/errors.ts'
import { recomputeComplaintDeadlines, type RecomputeResult } from '../complaints/calendar-recompute.ts'
import type { StaffPrincipal } from '../staff/service.ts'
import { dayOf, parseDay } from './days.ts'
import { daysOfRange, enteredYearsList, installEnteredYears, type EnteredYear, type YearSchedule } from './entered-years.ts'
import { parseIcs } from './ics.ts'
import { officialEntriesOfYear } from './library.ts'
import { calendarRecomputeModel, calendarYearVersionModel, type CalendarYearVersionDoc } from './model.ts'
import { parseNotice } from './notice.ts'
import { normaliseSchedule, scheduleProblems, scheduleWarnings } from './schedule-rules.ts'
import type { PreviewCalendarYearInput, SaveCalendarYearInput } from './schemas.ts'
import { calendarKnownThrough, calendarSourceOf } from './working-days.ts'

/** The version in force of every entered year: the highest saved. (A tiny collection: a few versions a year.) */
async function currentVersions(db: Deps['db']): Promise<Map<number, CalendarYearVersionDoc>> {
  const docs = await calendarYearVersionModel(db).find({}).lean<CalendarYearVersionDoc[]>()
  const current = new Map<number, CalendarYearVersionDoc>()
  for (const doc of docs) if ((current.get(doc.year)?.version ?? 0) < doc.version) current.set(doc.year, doc)
  return current
}

const asEntered = (doc: CalendarYearVersionDoc): EnteredYear => ({ year: doc.year, version: doc.version, holidays: doc.holidays, workdays: doc.workdays })

const signature = (years: Array<Pick<EnteredYear, 'year' | 'version'>>) => years.map((y) => `${y.year}:v${y.version}`).join(',')

/** Installs the database's entered years into this process's calendar; true when something changed. */
export async function refreshEnteredYears(deps: Pick<Deps, 'db'>): Promise<boolean> {
  const years = [...(await currentVersions(deps.db)).values()].map(asEntered).sort((a, b) => a.year - b.year)
  if (signature(years) === signature(enteredYearsList())) return false
  installEnteredYears(years)
  return true
}

/** At start: deadlines of a version saved by an instance that stopped before recomputing them are recomputed now. */
export async function resumeCalendarRecomputes(deps: Pick<Deps, 'db' | 'clock' | 'log' | 'config'>): Promise<void> {
  for (const doc of (await currentVersions(deps.db)).values()) {
    if (!(await calendarRecomputeModel(deps.db).exists({ _id: doc._id }))) await recompute(deps, doc)
  }
}

async function recompute(deps: Pick<Deps, 'db' | 'clock' | 'log' | 'config'>, doc: CalendarYearVersionDoc): Promise<RecomputeResult> {
  const result = await recomputeComplaintDeadlines(deps, doc)
  await calendarRecomputeModel(deps.db)
    .create({ _id: doc._id, doneAt: deps.clock.now(), ...result })
    .catch((err: unknown) => {
      if (!isDuplicateKeyError(err)) throw err // recomputed by another instance too: the same result
    })
  return result
}

/** Consecutive days of the same holiday as one range. */
function rangesOf(days: Array<{ day: string; name: string }>): YearSchedule['holidays'] {
  const ranges: YearSchedule['holidays'] = []
  for (const { day, name } of days) {
    const last = ranges[ranges.length - 1]
    if (last && last.name === name && daysOfRange({ from: last.to, to: day }).length === 2) last.to = day
    else ranges.push({ name, from: day, to: day })
  }
  return ranges
}

function librarySchedule(year: number): YearSchedule | null {
  const entries = officialEntriesOfYear(year)
  if (!entries.length) return null
  return {
    holidays: rangesOf(entries.filter((e) => e.kind === 'holiday').map((e) => ({ day: e.day, name: e.nameZh }))),
    workdays: entries.filter((e) => e.kind === 'workday').map((e) => ({ day: e.day, name: e.nameZh })),
  }
}

/** The year whose deadlines would be provisional and that admins should enter: the current one, or from 1 October the next. */
export function provisionalWarning(today: string): { year: number; message: string } | null {
  const { year, month } = parseDay(today)
  for (const candidate of month >= 10 ? [year, year + 1] : [year]) {
    if (calendarSourceOf(candidate) === 'provisional') {
      return {
        year: candidate,
        message: `${candidate}年的节假日安排尚未录入：${candidate}年的投诉期限、银行卡到账日期目前按暂定日历推算（只计周末和法定节日，未含调休）。国务院公布通知后，请在“节假日”页录入。`,
      }
    }
  }
  return null
}

function summaryOf(year: number, doc: CalendarYearVersionDoc | undefined) {
  return {
    year,
    source: calendarSourceOf(year),
    version: doc?.version ?? null,
    savedAt: doc?.savedAt.toISOString() ?? null,
    savedBy: doc?.savedBy.name ?? null,
  }
}

/** The years around today (last, this, next) and every entered one, with where their calendar comes from. */
export async function listCalendarYears(deps: Pick<Deps, 'db' | 'clock'>) {
  await refreshEnteredYears(deps)
  const today = dayOf(deps.clock.now())
  const { year } = parseDay(today)
  const current = await currentVersions(deps.db)
  const years = [...new Set([year - 1, year, year + 1, calendarKnownThrough() + 1, ...current.keys()])].sort((a, b) => a - b)
  const items = years.map((y) => summaryOf(y, current.get(y)))
  return { items, total: items.length, warning: provisionalWarning(today), entered: enteredYearsList() }
}

export async function getCalendarYear(deps: Pick<Deps, 'db'>, year: number) {
  await refreshEnteredYears(deps)
  const versions = await calendarYearVersionModel(deps.db).find({ year }).sort({ version: 1 }).lean<CalendarYearVersionDoc[]>()
  const doc = versions[versions.length - 1]
  return {
    ...summaryOf(year, doc),
    holidays: doc?.holidays ?? [],
    workdays: doc?.workdays ?? [],
    entrySource: doc?.source ?? null,
    note: doc?.note ?? null,
    library: librarySchedule(year),
    history: versions
      .map((v) => ({ version: v.version, savedAt: v.savedAt.toISOString(), savedBy: v.savedBy.name, source: v.source, note: v.note, changes: v.changes }))
      .reverse(),
  }
}

/** Reads a pasted notice, an .ics file or typed-in rows into the year's days, with what a save would say — nothing is saved. */
export function previewCalendarYear(year: number, input: PreviewCalendarYearInput) {
  let parsed: YearSchedule & { unread: Array<{ line: number; text: string; message: string }>; skipped: number }
  if (input.notice !== undefined) {
    const notice = parseNotice(year, input.notice)
    parsed = { ...notice, unread: notice.problems, skipped: 0 }
  } else if (input.ics !== undefined) {
    const ics = parseIcs(year, input.ics)
    parsed = { ...ics, unread: ics.problems.map((p) => ({ line: p.event, text: `VEVENT #${p.event}`, message: p.message })), skipped: ics.skipped }
  } else {
    parsed = { holidays: input.holidays ?? [], workdays: input.workdays ?? [], unread: [], skipped: 0 }
  }
  const schedule = normaliseSchedule(parsed)
  const problems = scheduleProblems(year, schedule)
  return {
    year,
    ...schedule,
    unread: parsed.unread,
    skipped: parsed.skipped,
    problems,
    warnings: scheduleWarnings(year, schedule),
    holidayDays: schedule.holidays.reduce((n, h) => n + (h.to >= h.from ? daysOfRange(h).length : 0), 0),
  }
}

function dayChanges(before: YearSchedule | undefined, after: YearSchedule): CalendarYearVersionDoc['changes'] {
  const holidayDays = (s?: YearSchedule) => new Set((s?.holidays ?? []).flatMap((h) => daysOfRange(h)))
  const workdayDays = (s?: YearSchedule) => new Set((s?.workdays ?? []).map((w) => w.day))
  const diff = (a: Set<string>, b: Set<string>) => [...a].filter((d) => !b.has(d)).sort()
  const [hb, ha, wb, wa] = [holidayDays(before), holidayDays(after), workdayDays(before), workdayDays(after)]
  return { holidaysAdded: diff(ha, hb), holidaysRemoved: diff(hb, ha), workdaysAdded: diff(wa, wb), workdaysRemoved: diff(wb, wa) }
}

/**
 * Saves the next version of a year's official calendar (422 when a day lies outside the year or is
 * both holiday and workday; 409 when another admin saved since `baseVersion`), installs it, and
 * recomputes the open complaint deadlines on it.
 */
export async function saveCalendarYear(deps: Pick<Deps, 'db' | 'clock' | 'log' | 'config'>, staff: StaffPrincipal, year: number, input: SaveCalendarYearInput) {
  const schedule = normaliseSchedule(input)
  const problems = scheduleProblems(year, schedule)
  if (problems.length) {
    const [first] = problems
    throw ruleNotMet(first.code, `${first.message} (${first.days.slice(0, 5).join(', ')})`, { problems })
  }
  const current = (await currentVersions(deps.db)).get(year)
  const currentVersion = current?.version ?? 0
  if (input.baseVersion !== undefined && input.baseVersion !== currentVersion) {
    throw conflict('calendar_version_changed', `The ${year} calendar was saved by ${current?.savedBy.name ?? 'someone'} meanwhile (version ${currentVersion}); reload it and check before saving.`)
  }
  const doc: CalendarYearVersionDoc = {
    _id: `${year}:v${currentVersion + 1}`,
    year,
    version: currentVersion + 1,
    ...schedule,
    source: input.source,
    note: input.note?.trim() || null,
    savedAt: deps.clock.now(),
    savedBy: { id: staff.id, name: staff.name },
    changes: dayChanges(current, schedule),
  }
  try {
    await calendarYearVersionModel(deps.db).create(doc)
  } catch (err) {
    if (isDuplicateKeyError(err)) throw conflict('calendar_version_changed', `Another admin saved the ${year} calendar at the same moment; reload it and check before saving.`)
    throw err
  }
  deps.log.info({ year, version: doc.version, staffId: staff.id, source: doc.source, holidays: doc.holidays.length, workdays: doc.workdays.length }, 'holiday calendar saved')
  await refreshEnteredYears(deps)
  const recomputed = await recompute(deps, doc)
  return { ...(await getCalendarYear(deps, year)), recomputed }
}
