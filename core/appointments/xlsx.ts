import ExcelJS from 'exceljs'
import { clockTime } from '../calendar/chinese-dates.ts'
import { APPOINTMENT_STATUS_LABELS, askedTime } from './labels.ts'
import type { AppointmentView } from './service.ts'


const COLUMNS: Array<{ header: string; width: number; value: (a: AppointmentView) => string }> = [
  { header: '机构', width: 10, value: (a) => a.clinicCode },
  { header: '日期', width: 12, value: (a) => a.day },
  { header: '确认时间', width: 10, value: (a) => (a.at ? clockTime(new Date(a.at)) : '') },
  { header: '期望时间', width: 10, value: (a) => askedTime(a) ?? '' },
  { header: '就诊人', width: 12, value: (a) => a.name },
  { header: '联系电话', width: 14, value: (a) => a.phone },
  { header: '状态', width: 8, value: (a) => APPOINTMENT_STATUS_LABELS[a.status] },
  { header: '取消原因', width: 24, value: (a) => a.cancelReason ?? '' },
]

/** 预约表 of a day: one row per request, as the console lists them. */
export async function appointmentsWorkbook(day: string, rows: AppointmentView[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet(`预约 ${day}`)
  sheet.columns = COLUMNS.map((c) => ({ header: c.header, width: c.width }))
  sheet.getRow(1).font = { bold: true }
  for (const row of rows) sheet.addRow(COLUMNS.map((c) => c.value(row)))
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
