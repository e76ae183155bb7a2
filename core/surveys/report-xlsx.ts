/** The satisfaction report as an .xlsx with Chinese headings: figures, low scores with their follow-up, and comments. */
import ExcelJS from 'exceljs'
import { SURVEY_TYPE_LABELS } from './copy.ts'
import type { ReportRow, SurveyReport } from './report.ts'

export const REPORT_SHEET_NAME = '满意度周报'

interface Column<R> {
  header: string
  width: number
  value: (row: R) => string | number | null
  format?: string
}

const FIGURE_COLUMNS: Column<ReportRow>[] = [
  { header: '机构缩写', width: 10, value: (r) => r.clinicCode ?? '' },
  { header: '机构名称', width: 22, value: (r) => r.clinicName },
  { header: '回访类型', width: 12, value: (r) => r.surveyTypeLabel },
  { header: '发出', width: 8, value: (r) => r.invitations },
  { header: '未发送', width: 8, value: (r) => r.skipped },
  { header: '回复', width: 8, value: (r) => r.responses },
  { header: '回复率', width: 9, value: (r) => r.responseRate, format: '0.0%' },
  { header: '平均分', width: 8, value: (r) => r.averageScore, format: '0.00' },
  ...(['1', '2', '3', '4', '5'] as const).map((s) => ({ header: `${s}分`, width: 6, value: (r: ReportRow) => r.distribution[s] })),
  { header: '推荐（5分）', width: 11, value: (r) => r.promoters },
  { header: '中立（4分）', width: 11, value: (r) => r.passives },
  { header: '贬损（≤3分）', width: 12, value: (r) => r.detractors },
  { header: 'NPS', width: 7, value: (r) => r.nps },
  { header: '低分（≤2分）', width: 12, value: (r) => r.lowScoreCases },
  { header: '待跟进', width: 8, value: (r) => r.followUpsOpen },
  { header: '已跟进', width: 8, value: (r) => r.followUpsDone },
]

const CASE_COLUMNS: Column<SurveyReport['cases'][number]>[] = [
  { header: '日期', width: 12, value: (c) => c.planDay },
  { header: '机构缩写', width: 10, value: (c) => c.clinicCode },
  { header: '回访类型', width: 12, value: (c) => SURVEY_TYPE_LABELS[c.surveyType] },
  { header: '会员编号', width: 26, value: (c) => c.memberId },
  { header: '总体评分', width: 9, value: (c) => c.score },
  { header: '原因', width: 22, value: (c) => c.reasonLabel },
  { header: '顾客留言', width: 40, value: (c) => c.comment },
  { header: '跟进状态', width: 9, value: (c) => (c.status === 'done' ? '已跟进' : '待跟进') },
  { header: '跟进人', width: 10, value: (c) => c.assigneeName },
  { header: '处理记录', width: 40, value: (c) => c.note },
]

const COMMENT_COLUMNS: Column<SurveyReport['comments'][number]>[] = [
  { header: '日期', width: 12, value: (c) => c.planDay },
  { header: '机构缩写', width: 10, value: (c) => c.clinicCode },
  { header: '回访类型', width: 12, value: (c) => SURVEY_TYPE_LABELS[c.surveyType] },
  { header: '总体评分', width: 9, value: (c) => c.score },
  { header: '顾客留言', width: 60, value: (c) => c.text },
  { header: '反映问题', width: 9, value: (c) => (c.problem ? '是' : '') },
]

function addSheet<R>(workbook: ExcelJS.Workbook, name: string, columns: Column<R>[], rows: R[], boldRows: Set<R> = new Set()) {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }))
  sheet.getRow(1).font = { bold: true }
  for (const row of rows) {
    const added = sheet.addRow(columns.map((c) => c.value(row)))
    if (boldRows.has(row)) added.font = { bold: true }
  }
  columns.forEach((c, i) => {
    if (c.format) sheet.getColumn(i + 1).numFmt = c.format
  })
}

export async function reportWorkbook(report: SurveyReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'CareDesk'
  // Each clinic's rows by type, then its subtotal; the chain's total last.
  const figureRows: ReportRow[] = []
  for (const clinic of report.clinics) figureRows.push(...report.rows.filter((r) => r.clinicCode === clinic.clinicCode), { ...clinic, surveyTypeLabel: '小计' })
  const subtotals = new Set(figureRows.filter((r) => r.surveyType === null))
  figureRows.push(report.totals)
  subtotals.add(report.totals)
  addSheet(workbook, REPORT_SHEET_NAME, FIGURE_COLUMNS, figureRows, subtotals)
  addSheet(workbook, '低分及跟进', CASE_COLUMNS, report.cases)
  addSheet(workbook, '顾客留言', COMMENT_COLUMNS, report.comments)
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

export function reportFileName(report: Pick<SurveyReport, 'from' | 'to'>): { ascii: string; chinese: string } {
  return { ascii: `survey-report_${report.from}_${report.to}.xlsx`, chinese: `${REPORT_SHEET_NAME}_${report.from}_${report.to}.xlsx` }
}
