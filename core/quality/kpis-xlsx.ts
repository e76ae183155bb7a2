import ExcelJS from 'exceljs'
import type { KpiFigures, KpiReport } from './kpis.ts'

const minutes = (seconds: number | null) => (seconds === null ? '' : Math.round((seconds / 60) * 10) / 10)
const percent = (fraction: number | null) => (fraction === null ? '' : `${Math.round(fraction * 1000) / 10}%`)

const FIGURES: Array<{ header: string; width: number; value: (f: KpiFigures) => string | number }> = [
  { header: '接待会话', width: 10, value: (f) => f.chats },
  { header: '首次响应P50(分钟)', width: 16, value: (f) => minutes(f.firstResponse.p50Seconds) },
  { header: '首次响应P90(分钟)', width: 16, value: (f) => minutes(f.firstResponse.p90Seconds) },
  { header: '1分钟内', width: 10, value: (f) => percent(f.firstResponse.within1m) },
  { header: '3分钟内', width: 10, value: (f) => percent(f.firstResponse.within3m) },
  { header: '10分钟内', width: 10, value: (f) => percent(f.firstResponse.within10m) },
  { header: '平均处理时长(分钟)', width: 16, value: (f) => minutes(f.handling.averageSeconds) },
  { header: '转接', width: 8, value: (f) => f.transfers },
  { header: '交回机器人', width: 10, value: (f) => f.released },
  { header: '登记投诉', width: 10, value: (f) => f.complaints },
  { header: '评价数', width: 8, value: (f) => f.rating.count },
  { header: '平均评分', width: 10, value: (f) => f.rating.average ?? '' },
  { header: '质检得分(%)', width: 12, value: (f) => f.review.averagePercent ?? '' },
]

/** 客服绩效 of a period: one sheet per agent rows, one per clinic rows, as the console shows them. */
export async function kpiWorkbook(report: KpiReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = (name: string, first: string, rows: Array<{ label: string; figures: KpiFigures }>) => {
    const ws = workbook.addWorksheet(name)
    ws.columns = [{ header: first, width: 14 }, ...FIGURES.map((c) => ({ header: c.header, width: c.width }))]
    ws.getRow(1).font = { bold: true }
    for (const row of rows) ws.addRow([row.label, ...FIGURES.map((c) => c.value(row.figures))])
  }
  sheet(`客服 ${report.from}~${report.to}`, '客服', report.items.map((r) => ({ label: r.agentName, figures: r })))
  if (report.clinics.length) sheet('机构', '机构', report.clinics.map((r) => ({ label: r.clinicCode ?? '未知', figures: r })))
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
