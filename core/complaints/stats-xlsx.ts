/**
 * The statistics as an .xlsx: the 患者投诉案件统计表 with Chinese headings, one row per clinic and
 * month and a 合计 row. (The seed names the form — 附件5 — but its scan does not include the sheet
 * itself, so the columns follow what the manual asks to be counted.)
 */
import ExcelJS from 'exceljs'
import { CATEGORIES, CATEGORY_LABELS } from './categories.ts'
import { CHANNELS } from './model.ts'
import { SEVERITY_LEVELS } from './severity.ts'
import type { Stats, StatsRow } from './stats.ts'

const CHANNEL_HEADINGS: Record<(typeof CHANNELS)[number], string> = {
  chat: '在线（商务通/微信）',
  phone: '电话',
  in_person: '面对面',
  miniprogram: '小程序',
}

interface Column {
  header: string
  width: number
  value: (row: StatsRow) => string | number | null
  percent?: boolean
}

export const STATS_COLUMNS: Column[] = [
  { header: '机构缩写', width: 10, value: (r) => r.clinicCode },
  { header: '机构名称', width: 22, value: (r) => r.clinicName },
  { header: '月份', width: 10, value: (r) => r.month },
  { header: '投诉件数', width: 10, value: (r) => r.total },
  ...CHANNELS.map((c) => ({ header: CHANNEL_HEADINGS[c], width: 12, value: (r: StatsRow) => r.byChannel[c] })),
  ...CATEGORIES.map((c) => ({ header: CATEGORY_LABELS[c], width: 12, value: (r: StatsRow) => r.byCategory[c] })),
  ...SEVERITY_LEVELS.map((s) => ({ header: `${s}级`, width: 7, value: (r: StatsRow) => r.bySeverity[s] })),
  { header: '未定级', width: 8, value: (r) => r.bySeverity.unclassified },
  { header: '首次接触按时', width: 12, value: (r) => r.firstContact.onTime },
  { header: '首次接触超时', width: 12, value: (r) => r.firstContact.late },
  { header: '首次接触及时率', width: 14, value: (r) => r.firstContact.rate, percent: true },
  { header: '已结案', width: 8, value: (r) => r.closing.closed },
  { header: '按时结案', width: 10, value: (r) => r.closing.onTime },
  { header: '超时结案/逾期未结', width: 16, value: (r) => r.closing.late },
  { header: '结案及时率', width: 12, value: (r) => r.closing.rate, percent: true },
  { header: '退款/赔偿件数', width: 13, value: (r) => r.refunds.count },
  { header: '退款/赔偿金额（元）', width: 18, value: (r) => r.refunds.total },
]

export const STATS_SHEET_NAME = '患者投诉案件统计表'

export async function statsWorkbook(stats: Stats): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'CareDesk'
  const sheet = workbook.addWorksheet(STATS_SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = STATS_COLUMNS.map((c) => ({ header: c.header, width: c.width }))
  sheet.getRow(1).font = { bold: true }
  for (const row of [...stats.rows, stats.totals]) sheet.addRow(STATS_COLUMNS.map((c) => c.value(row)))
  const totalsRow = sheet.getRow(sheet.rowCount)
  totalsRow.font = { bold: true }
  STATS_COLUMNS.forEach((column, i) => {
    if (column.percent) sheet.getColumn(i + 1).numFmt = '0.0%'
    if (column.header.endsWith('（元）')) sheet.getColumn(i + 1).numFmt = '#,##0.00'
  })
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

export function statsFileName(stats: Pick<Stats, 'from' | 'to'>): string {
  return `complaint-stats_${stats.from}_${stats.to}.xlsx`
}
