import { rowsFromTable } from './table-rows.ts'

/** RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks; CRLF or LF; a BOM is dropped. */
function parseCsvRecords(text: string): string[][] {
  const records: string[][] = []
  let record: string[] = []
  let field = ''
  let quoted = false
  const input = text.replace(/^\uFEFF/, '')
  for (let i = 0; i < input.length; i++) {
    const char = input[i]
    if (quoted) {
      if (char === '"' && input[i + 1] === '"') (field += '"'), i++
      else if (char === '"') quoted = false
      else field += char
    } else if (char === '"') quoted = true
    else if (char === ',') record.push(field), (field = '')
    else if (char === '\n' || char === '\r') {
      if (char === '\r' && input[i + 1] === '\n') i++
      record.push(field), records.push(record), (record = []), (field = '')
    } else field += char
  }
  if (field !== '' || record.length) record.push(field), records.push(record)
  return records
}

/** A CSV export (header row first) → rows for importVisits; row i of the result is data line i + 2 of the file. */
export function parseVisitsCsv(text: string): Array<Record<string, unknown>> {
  const [header = [], ...records] = parseCsvRecords(text)
  return rowsFromTable(header, records)
}
