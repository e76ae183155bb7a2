import ExcelJS from 'exceljs'
import { rowsFromTable } from './table-rows.ts'

/** A cell as importVisits reads it: dates as wall-clock times, formulas as their result, rich text as plain text. */
function cellValue(value: ExcelJS.CellValue): unknown {
  // Excel keeps wall-clock times with no zone and exceljs hands them over as if UTC: keep the clock reading (read as Asia/Shanghai).
  if (value instanceof Date) return value.toISOString().slice(0, 19).replace('T', ' ')
  if (value && typeof value === 'object') {
    if ('result' in value) return cellValue(value.result as ExcelJS.CellValue)
    if ('richText' in value) return value.richText.map((part) => part.text).join('')
    if ('text' in value) return value.text
  }
  return value
}

/** The first worksheet of an .xlsx export (header row first) → rows for importVisits. */
export async function parseVisitsXlsx(file: Buffer | ArrayBuffer): Promise<Array<Record<string, unknown>>> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(file as ArrayBuffer)
  const sheet = workbook.worksheets[0]
  if (!sheet) return []
  const table: unknown[][] = []
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values = row.values as ExcelJS.CellValue[] // 1-based: index 0 is empty
    table.push(values.slice(1).map(cellValue))
  })
  const [header = [], ...records] = table
  return rowsFromTable(header, records)
}
