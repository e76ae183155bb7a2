import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { parseVisitsCsv } from '../../core/visits/csv.ts'
import { importVisits } from '../../core/visits/import.ts'
import { parseVisitsXlsx } from '../../core/visits/xlsx.ts'
import { fixedClock } from '../../platform/clock.ts'
import { useTestApp } from '../helpers/test-app.ts'
import { newMember } from '../members/factories.ts'

describe('visit files from the HIS (CSV and xlsx)', () => {
  const clock = fixedClock('2026-11-23T02:00:00Z')
  const suite = useTestApp({ clock })

  it('a CSV with Chinese headers, Chinese visit types, quotes and CRLF reads as import rows', () => {
    const csv = '\uFEFF就诊编号,会员编号,手机号,机构,到院时间,就诊类型,金额\r\nH-1,,13800001111,BJ01,2026-11-22 10:00,非手术消费,"1,280.50"\r\n"H-2, ""复诊""",,13800002222,BJ01,2026/11/22,到诊未消费,0\r\n\r\n'
    expect(parseVisitsCsv(csv)).toEqual([
      { externalId: 'H-1', phone: '13800001111', clinicCode: 'BJ01', visitedAt: '2026-11-22 10:00', type: 'non_surgical', amount: 1280.5 },
      { externalId: 'H-2, "复诊"', phone: '13800002222', clinicCode: 'BJ01', visitedAt: '2026/11/22', type: 'no_spend', amount: 0 },
    ])
  })

  it('CSV rows go through the same import: good rows land, bad ones are rejected by their row index', async () => {
    const member = await newMember(suite.app)
    const csv = `externalId,memberId,clinicCode,visitedAt,type,amount\nC-1,${member.id},BJ01,2026-11-22T10:00:00+08:00,surgical,5000\nC-2,${member.id},BJ01,2026-11-22T10:00:00+08:00,surgical,lots\n`
    const result = await importVisits(suite.app.deps, parseVisitsCsv(csv))
    expect(result.created).toBe(1)
    expect(result.rejected).toEqual([{ index: 1, error: expect.stringMatching(/^amount:/) }])
  })

  it('an xlsx export reads as import rows, its date cells as Shanghai wall-clock times', async () => {
    const member = await newMember(suite.app)
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('到院记录')
    sheet.addRow(['外部编号', '会员编号', '机构', '到院时间', '类型', '金额'])
    sheet.addRow(['X-1', member.id, 'BJ01', new Date(Date.UTC(2026, 10, 22, 9, 30)), '手术消费', 12000])
    const rows = await parseVisitsXlsx(Buffer.from(await workbook.xlsx.writeBuffer()))
    expect(rows).toEqual([{ externalId: 'X-1', memberId: member.id, clinicCode: 'BJ01', visitedAt: '2026-11-22 09:30:00', type: 'surgical', amount: 12000 }])
    expect(await importVisits(suite.app.deps, rows)).toEqual({ created: 1, updated: 0, rejected: [] })
  })
})
