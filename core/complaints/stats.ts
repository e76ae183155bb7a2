/**
 * 患者投诉案件统计表: figures per clinic and month (of receipt, Asia/Shanghai).
 *
 * FerretDB v1.24.2 computes only the first accumulator of a `$group` (the group's documents are one
 * iterator, which the first accumulator consumes; the others answer 0), so every pipeline here has
 * exactly one: counts are grouped by every dimension at once and folded in code.
 */
import type { Deps } from '../../platform/deps.ts'
import { clinicModel, type ClinicDoc } from '../clinics/model.ts'
import { CATEGORIES, type Category } from './categories.ts'
import { CHANNELS, complaintModel, type Channel } from './model.ts'
import { SEVERITY_LEVELS, type Severity } from './severity.ts'

export interface StatsQuery {
  /** first and last day of receipt, 'YYYY-MM-DD' (Asia/Shanghai), inclusive */
  from: string
  to: string
  /** only these clinics (empty: all) */
  clinicCodes: string[]
}

export interface StatsRow {
  clinicCode: string
  clinicName: string
  /** 'YYYY-MM', or null on the totals row */
  month: string | null
  total: number
  byChannel: Record<Channel, number>
  byCategory: Record<Category, number>
  bySeverity: Record<Severity | 'unclassified', number>
  firstContact: { onTime: number; late: number; rate: number | null }
  closing: { closed: number; onTime: number; late: number; rate: number | null }
  refunds: { count: number; total: number }
}

export interface Stats {
  from: string
  to: string
  rows: StatsRow[]
  totals: StatsRow
}

function emptyRow(clinicCode: string, clinicName: string, month: string | null): StatsRow {
  const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>
  return {
    clinicCode,
    clinicName,
    month,
    total: 0,
    byChannel: zeros(CHANNELS),
    byCategory: zeros(CATEGORIES),
    bySeverity: zeros([...SEVERITY_LEVELS, 'unclassified'] as const),
    firstContact: { onTime: 0, late: 0, rate: null },
    closing: { closed: 0, onTime: 0, late: 0, rate: null },
    refunds: { count: 0, total: 0 },
  }
}

const rate = (onTime: number, late: number) => (onTime + late ? Math.round((onTime / (onTime + late)) * 10_000) / 10_000 : null)

function addInto(target: StatsRow, row: StatsRow) {
  target.total += row.total
  for (const k of CHANNELS) target.byChannel[k] += row.byChannel[k]
  for (const k of CATEGORIES) target.byCategory[k] += row.byCategory[k]
  for (const k of Object.keys(target.bySeverity) as Array<keyof StatsRow['bySeverity']>) target.bySeverity[k] += row.bySeverity[k]
  target.firstContact.onTime += row.firstContact.onTime
  target.firstContact.late += row.firstContact.late
  target.closing.closed += row.closing.closed
  target.closing.onTime += row.closing.onTime
  target.closing.late += row.closing.late
  target.refunds.count += row.refunds.count
  target.refunds.total = Math.round((target.refunds.total + row.refunds.total) * 100) / 100
}

function finishRates(row: StatsRow) {
  row.firstContact.rate = rate(row.firstContact.onTime, row.firstContact.late)
  row.closing.rate = rate(row.closing.onTime, row.closing.late)
}

/**
 * On-time first contact: recorded by its deadline; late: recorded after it, or not recorded and past it.
 * On-time closing likewise against the closing deadline (cases not accepted yet have none).
 */
export async function complaintStats(deps: Pick<Deps, 'db' | 'clock'>, query: StatsQuery): Promise<Stats> {
  const now = deps.clock.now()
  const match: Record<string, unknown> = {
    receivedAt: { $gte: new Date(`${query.from}T00:00:00+08:00`), $lte: new Date(`${query.to}T23:59:59.999+08:00`) },
  }
  if (query.clinicCodes.length) match.clinicCode = { $in: query.clinicCodes }
  const Case = complaintModel(deps.db)
  const group = async (extraMatch: Record<string, unknown>, id: Record<string, string>, value: 1 | string) =>
    Case.aggregate<{ _id: Record<string, unknown>; value: number }>([{ $match: { ...match, ...extraMatch } }, { $group: { _id: id, value: { $sum: value } } }])

  const key = { clinicCode: '$clinicCode', month: '$receivedMonth' }
  const [counts, refundSums, firstContactMissed, closingMissed, clinics] = await Promise.all([
    group({}, { ...key, channel: '$channel', category: '$category', severity: '$severity', firstContactOnTime: '$firstContactOnTime', closedOnTime: '$closedOnTime', refunded: '$refunded' }, 1),
    group({ refunded: true }, key, '$refundFen'),
    group({ firstContactAt: null, firstContactDueAt: { $lt: now } }, key, 1),
    group({ closedAt: null, closeDueAt: { $lt: now } }, key, 1),
    clinicModel(deps.db).find({}, { code: 1, name: 1 }).lean<ClinicDoc[]>(),
  ])

  const names = new Map(clinics.map((c) => [c.code, c.name]))
  const rows = new Map<string, StatsRow>()
  const rowOf = (id: Record<string, unknown>) => {
    const clinicCode = String(id.clinicCode)
    const month = String(id.month)
    const k = `${clinicCode} ${month}`
    let row = rows.get(k)
    if (!row) rows.set(k, (row = emptyRow(clinicCode, names.get(clinicCode) ?? clinicCode, month)))
    return row
  }

  for (const { _id: id, value: n } of counts) {
    const row = rowOf(id)
    row.total += n
    row.byChannel[id.channel as Channel] += n
    row.byCategory[id.category as Category] += n
    row.bySeverity[(id.severity as Severity | null) ?? 'unclassified'] += n
    if (id.firstContactOnTime === true) row.firstContact.onTime += n
    if (id.firstContactOnTime === false) row.firstContact.late += n
    if (id.closedOnTime === true) row.closing.onTime += n
    if (id.closedOnTime === false) row.closing.late += n
    if (id.closedOnTime === true || id.closedOnTime === false) row.closing.closed += n
    if (id.refunded === true) row.refunds.count += n
  }
  for (const { _id: id, value: fen } of refundSums) rowOf(id).refunds.total = fen / 100
  for (const { _id: id, value: n } of firstContactMissed) rowOf(id).firstContact.late += n
  for (const { _id: id, value: n } of closingMissed) rowOf(id).closing.late += n

  const sorted = [...rows.values()].sort((a, b) => a.clinicCode.localeCompare(b.clinicCode) || a.month!.localeCompare(b.month!))
  const totals = emptyRow('', '合计', null)
  for (const row of sorted) {
    finishRates(row)
    addInto(totals, row)
  }
  finishRates(totals)
  return { from: query.from, to: query.to, rows: sorted, totals }
}
