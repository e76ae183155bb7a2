import ExcelJS from 'exceljs'
import { beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '../../platform/clock.ts'
import { useTestApp } from '../helpers/test-app.ts'
import { advance, at, fileCase, flowTokens, type FlowTokens } from './factories.ts'

describe('患者投诉案件统计表 (complaint statistics)', () => {
  const clock = fixedClock(at('2026-11-02 09:00'))
  let tokens: FlowTokens
  let agent: string

  const suite = useTestApp({ clock })
  beforeAll(async () => {
    agent = await suite.app.staffToken(['agent'])
    tokens = await flowTokens(suite.app)
    // November, BJ01: a closed phone case with a 500-yuan refund (on time), a closed in-person case with no money (on time),
    // and a chat-less open case left without first contact past its deadline. SH01: one open case, contacted on time.
    const refunded = await fileCase(suite.app, agent)
    await advance(suite.app, tokens, refunded.number, 9)
    const apology = await fileCase(suite.app, agent, { channel: 'in_person', description: '排队等了两个小时' })
    await advance(suite.app, tokens, apology.number, 9, { 2: { category: 'waiting_time' }, 4: { severity: 'I', estimatedAmount: 0 }, 5: { plan: '致歉', remedy: 'none', amount: undefined } })
    await fileCase(suite.app, agent, { description: '新配的眼镜镜片有划痕' })
    const shanghai = await fileCase(suite.app, agent, { clinicCode: 'SH01', description: '多收了费用' })
    await suite.app.request('POST', `/api/complaints/${shanghai.number}/first-contact`, { token: tokens.supervisor, body: {} })
    // December: one more BJ01 case, with a 1,200.50-yuan compensation.
    clock.set(at('2026-12-01 09:00'))
    agent = await suite.app.staffToken(['agent'])
    tokens = await flowTokens(suite.app)
    const december = await fileCase(suite.app, agent)
    await advance(suite.app, tokens, december.number, 9, { 5: { plan: '补偿', remedy: 'compensation', amount: 1200.5 } })
    clock.set(at('2026-12-10 09:00')) // the November case without first contact is long overdue now
    agent = await suite.app.staffToken(['agent'])
    tokens = await flowTokens(suite.app)
  })

  it('counts per clinic and month: channel, category, severity, on-time rates and refunds', async () => {
    const res = await suite.app.request('GET', '/api/complaints/stats?from=2026-11-01&to=2026-12-31', { token: tokens.director })
    expect(res.status).toBe(200)
    const rows = res.body.rows.map((r: { clinicCode: string; month: string }) => `${r.clinicCode} ${r.month}`)
    expect(rows).toEqual(['BJ01 2026-11', 'BJ01 2026-12', 'SH01 2026-11'])
    const [bjNov, bjDec, shNov] = res.body.rows
    expect(bjNov).toMatchObject({
      total: 3,
      byChannel: { phone: 2, in_person: 1, chat: 0 },
      byCategory: { service_attitude: 1, waiting_time: 1, product_quality: 1 },
      bySeverity: { I: 1, II: 1, unclassified: 1 },
      firstContact: { onTime: 2, late: 1, rate: 0.6667 },
      closing: { closed: 2, onTime: 2, late: 0, rate: 1 },
      refunds: { count: 1, total: 500 },
    })
    expect(bjDec).toMatchObject({ total: 1, refunds: { count: 1, total: 1200.5 } })
    expect(shNov).toMatchObject({ total: 1, byCategory: { billing_refund: 1 }, firstContact: { onTime: 1, late: 0, rate: 1 }, closing: { closed: 0, rate: null } })
    expect(res.body.totals).toMatchObject({ clinicName: '合计', total: 5, refunds: { count: 2, total: 1700.5 }, firstContact: { onTime: 4, late: 1, rate: 0.8 } })
  })

  it('a supervisor limited to one clinic gets only that clinic’s figures, and may not ask for another', async () => {
    const shanghai = await suite.app.staffToken(['supervisor'], ['SH01'])
    const res = await suite.app.request('GET', '/api/complaints/stats?from=2026-11-01&to=2026-12-31', { token: shanghai })
    expect(res.body.rows.map((r: { clinicCode: string }) => r.clinicCode)).toEqual(['SH01'])
    expect((await suite.app.request('GET', '/api/complaints/stats?clinicCode=BJ01', { token: shanghai })).status).toBe(403)
    expect((await suite.app.request('GET', '/api/complaints/stats', { token: agent })).status).toBe(403)
  })

  it('format=xlsx answers a workbook with the form’s Chinese headings and a totals row matching the cases', async () => {
    const res = await fetch(`${suite.app.url}/api/complaints/stats?from=2026-11-01&to=2026-12-31&format=xlsx`, { headers: { authorization: `Bearer ${tokens.director}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(res.headers.get('content-disposition')).toContain('filename="complaint-stats_2026-11-01_2026-12-31.xlsx"')

    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer)
    const sheet = workbook.getWorksheet('患者投诉案件统计表')!
    const headings = (sheet.getRow(1).values as unknown[]).slice(1)
    expect(headings).toEqual(expect.arrayContaining(['机构缩写', '月份', '投诉件数', '电话', '服务态度', 'II级', '首次接触及时率', '结案及时率', '退款/赔偿件数', '退款/赔偿金额（元）']))
    const column = (heading: string) => headings.indexOf(heading) + 1
    expect(sheet.rowCount).toBe(5) // headings, three clinic-months, totals
    const totals = sheet.getRow(5)
    expect(totals.getCell(column('机构名称')).value).toBe('合计')
    expect(totals.getCell(column('投诉件数')).value).toBe(5)
    expect(totals.getCell(column('电话')).value).toBe(4)
    expect(totals.getCell(column('退款/赔偿件数')).value).toBe(2)
    expect(totals.getCell(column('退款/赔偿金额（元）')).value).toBe(1700.5)
    expect(totals.getCell(column('首次接触及时率')).value).toBe(0.8)
    const sumOfRows = [2, 3, 4].reduce((sum, r) => sum + Number(sheet.getRow(r).getCell(column('投诉件数')).value), 0)
    expect(sumOfRows).toBe(5)
  })
})
