import { Schema } from 'mongoose'
import type { AdjustedWorkday, HolidayRange } from './entered-years.ts'
import { modelOf } from '../../platform/db/model-of.ts'

export const ENTRY_SOURCES = ['manual', 'notice', 'ics'] as const
export type EntrySource = (typeof ENTRY_SOURCES)[number]

/**
 * One saved version of a year's official calendar, `_id` `<year>:v<version>`. The versions are the
 * year's history and audit trail (who, when, how entered, what changed); the highest is in force.
 * Saving inserts the next version: the `_id` lets one of two admins saving at once win, and there
 * is no second document to keep in step, so an interrupted save leaves nothing half done.
 */
export interface CalendarYearVersionDoc {
  _id: string
  year: number
  version: number
  holidays: HolidayRange[]
  workdays: AdjustedWorkday[]
  source: EntrySource
  note: string | null
  savedAt: Date
  savedBy: { id: string; name: string }
  /** days that became or stopped being holidays / workdays since the version before */
  changes: { holidaysAdded: string[]; holidaysRemoved: string[]; workdaysAdded: string[]; workdaysRemoved: string[] }
}

const versionSchema = new Schema(
  {
    _id: { type: String, required: true },
    year: { type: Number, required: true },
    version: { type: Number, required: true },
    holidays: { type: [Schema.Types.Mixed], default: [] },
    workdays: { type: [Schema.Types.Mixed], default: [] },
    source: { type: String, enum: ENTRY_SOURCES, required: true },
    note: { type: String, default: null },
    savedAt: { type: Date, required: true },
    savedBy: { type: Schema.Types.Mixed, required: true },
    changes: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'calendar_year_versions', versionKey: false, minimize: false },
)

export const calendarYearVersionModel = modelOf('CalendarYearVersion', versionSchema)

/**
 * That the deadlines resting on a version were recomputed (`_id` `<year>:v<version>`), so a start
 * after a crash mid-way finishes the work, and a finished one is not repeated.
 */
const recomputeSchema = new Schema(
  {
    _id: { type: String, required: true },
    doneAt: { type: Date, required: true },
    moved: { type: Number, default: 0 },
    confirmed: { type: Number, default: 0 },
  },
  { collection: 'calendar_recomputes', versionKey: false },
)

export const calendarRecomputeModel = modelOf('CalendarRecompute', recomputeSchema)

export const calendarModels = [calendarYearVersionModel, calendarRecomputeModel]
