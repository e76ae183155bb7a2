import ExcelJS from 'exceljs'
import { beforeAll, describe, expect, it } from 'vitest'
import { setOptedOut } from '../../core/members/service.ts'
import { answerSurvey } from '../../core/surveys/answers.ts'
import { surveyReportModel } from '../../core/surveys/model.ts'
import type { AnswerInput } from '../../core/surveys/schemas.ts'
import type { VisitType } from '../../core/visits/model.ts'
import { fixedClock } from '../../platform/clock.ts'
import { liveEventModel } from '../../platform/live-events.ts'
import { useTestApp } from '../helpers/test-app.ts'
import { at, invitationsOf, memberWithChat, runJob, visit } from './factories.ts'

/**
 * The week Sat 21 – Fri 27 November 2026, by hand:
 *
 * | clinic | type         | sent | answers (overall score; comment)                  |
 * | BJ01   | non_surgical | 4    | 5; 4; 2 "前台态度很差，等了很久"; no reply  (+1 skipped: opted out) |
 * | BJ01   | surgical     | 2    | 1 (follow-up done); 5                              |
 * | BJ02   | no_spend     | 3    | 3; 3; q1 skipped "环境很好"                        |
 *
 * BJ01 non_surgical: responses 3, scored 3, sum 11 → 3.67, 1×2 1×4 1×5, NPS (1−1)/3 = 0, low 1 (open)
 * BJ01 surgical:     responses 2, scored 2, sum 6 → 3.00, 1×1 1×5, NPS 0, low 1 (done)
 * BJ02 no_spend:     responses 3, scored 2, sum 6 → 3.00, 2×3, NPS (0−2)/2 = −100, low 0
 * Totals: sent 9, skipped 1, responses 8 (88.89%), scored 7, sum 23 → 3.29, promoters 2, passives 1,
 * detractors 4, NPS (2−4)/7 = −29, low 2, follow-ups 2 (1 open, 1 done). A survey planned on
 * Friday 20th (the week before) is not counted.
 */
describe('the satisfaction report and the Friday 周报', () => {
  const clock = fixedClock(at('2026-11-27 17:00'))

  async function surveyed(type: VisitType, clinicCode: string, visitDay: string, answers: AnswerInput[] | null, options: { optedOut?: boolean } = {}) {
    const { memberId } = await memberWithChat(suite.app, { clinicCode })
    if (options.optedOut) await setOptedOut(suite.app.deps, memberId, true)
    await visit(suite.app, memberId, type, `${visitDay} 10:00`, clinicCode)
    return { memberId, answers }
  }

  const suite = useTestApp({ clock })
  beforeAll(async () => {
    const earlier = await surveyed('non_surgical', 'BJ01', '2026-11-19', [{ questionId: 'q1', score: 1 }])
    await runJob(suite.app, 'surveys.invite', at('2026-11-20 10:00'))

    const monday = [
      await surveyed('non_surgical', 'BJ01', '2026-11-23', [{ questionId: 'q1', score: 5 }]),
      await surveyed('non_surgical', 'BJ01', '2026-11-23', [{ questionId: 'q1', score: 4 }]),
      await surveyed('non_surgical', 'BJ01', '2026-11-23', [{ questionId: 'q1', score: 2 }, { questionId: 'q4', text: '前台态度很差，等了很久' }]),
      await surveyed('non_surgical', 'BJ01', '2026-11-23', null),
      await surveyed('non_surgical', 'BJ01', '2026-11-23', null, { optedOut: true }),
      await surveyed('surgical', 'BJ01', '2026-11-23', [{ questionId: 'q1', score: 1 }]),
    ]
    await runJob(suite.app, 'surveys.invite', at('2026-11-24 10:00'))
    const wednesday = [
      await surveyed('surgical', 'BJ01', '2026-11-25', [{ questionId: 'q1', score: 5 }]),
      await surveyed('no_spend', 'BJ02', '2026-11-25', [{ questionId: 'q1', score: 3 }]),
      await surveyed('no_spend', 'BJ02', '2026-11-25', [{ questionId: 'q1', score: 3 }]),
      await surveyed('no_spend', 'BJ02', '2026-11-25', [{ questionId: 'q1', skipped: true }, { questionId: 'q4', text: '环境很好' }]),
    ]
    await runJob(suite.app, 'surveys.invite', at('2026-11-26 10:00'))

    for (const { memberId, answers } of [earlier, ...monday, ...wednesday]) {
      const [invitation] = await invitationsOf(suite.app, memberId)
      if (answers) await answerSurvey(suite.app.deps, String(invitation._id), answers)
    }
    const director = await suite.app.staffToken(['director'])
    const open = await suite.app.request('GET', '/api/surveys/followups?clinicCode=BJ01&status=open', { token: director })
    const surgical = open.body.items.find((f: { surveyType: string; score: number }) => f.surveyType === 'surgical' && f.score === 1)
    expect((await suite.app.request('POST', `/api/surveys/followups/${surgical.id}/done`, { token: director, body: { note: '已回电，安排复诊' } })).status).toBe(200)
  })

  it('the figures per clinic and survey type match the hand-computed week', async () => {
    const res = await suite.app.request('GET', '/api/surveys/report?from=2026-11-21&to=2026-11-27', { token: await suite.app.staffToken(['director']) })
    expect(res.status).toBe(200)
    const row = (clinicCode: string, surveyType: string) => res.body.rows.find((r: any) => r.clinicCode === clinicCode && r.surveyType === surveyType)
    expect(row('BJ01', 'non_surgical')).toMatchObject({
      invitations: 4, skipped: 1, responses: 3, responseRate: 0.75, scored: 3, scoreSum: 11, averageScore: 3.67,
      distribution: { '1': 0, '2': 1, '3': 0, '4': 1, '5': 1 }, promoters: 1, passives: 1, detractors: 1, nps: 0, lowScoreCases: 1, followUpsOpen: 1, followUpsDone: 0,
    })
    expect(row('BJ01', 'surgical')).toMatchObject({ invitations: 2, responses: 2, scoreSum: 6, averageScore: 3, distribution: { '1': 1, '5': 1 }, nps: 0, lowScoreCases: 1, followUpsOpen: 0, followUpsDone: 1 })
    expect(row('BJ02', 'no_spend')).toMatchObject({ invitations: 3, responses: 3, scored: 2, averageScore: 3, distribution: { '3': 2 }, detractors: 2, nps: -100, lowScoreCases: 0, followUps: 0 })
    expect(res.body.rows).toHaveLength(3)
    expect(res.body.clinics.find((c: any) => c.clinicCode === 'BJ01')).toMatchObject({ invitations: 6, skipped: 1, responses: 5, scoreSum: 17, averageScore: 3.4 })
    expect(res.body.types.map((t: any) => [t.surveyType, t.invitations])).toEqual([['no_spend', 3], ['non_surgical', 4], ['surgical', 2]])
    expect(res.body.totals).toMatchObject({
      invitations: 9, skipped: 1, responses: 8, responseRate: 0.8889, scored: 7, scoreSum: 23, averageScore: 3.29,
      distribution: { '1': 1, '2': 1, '3': 2, '4': 1, '5': 2 }, promoters: 2, passives: 1, detractors: 4, nps: -29, lowScoreCases: 2, followUps: 2, followUpsOpen: 1, followUpsDone: 1,
    })
    expect(res.body.cases.map((c: any) => [c.clinicCode, c.surveyType, c.score, c.status, c.note])).toEqual([
      ['BJ01', 'non_surgical', 2, 'open', null],
      ['BJ01', 'surgical', 1, 'done', '已回电，安排复诊'],
    ])
    expect(res.body.comments.map((c: any) => [c.text, c.problem]).sort()).toEqual([['前台态度很差，等了很久', true], ['环境很好', false]])
    expect(res.body.commentsTotal).toBe(2)
  })

  it('a day that does not exist, or lies outside the calendars, is a 422 invalid_date, never a 500', async () => {
    const token = await suite.app.staffToken(['director'])
    for (const query of ['from=2026-11-21&to=0000-00-00', 'from=2020-63-64&to=2026-11-27', 'from=2026-02-29&to=2026-03-01', 'from=1572-01-01&to=2026-11-27']) {
      const res = await suite.app.request('GET', `/api/surveys/report?${query}`, { token })
      expect(res.status, query).toBe(422)
      expect(res.body.error).toMatchObject({ code: 'invalid_date', message: expect.any(String) })
    }
    expect((await suite.app.request('GET', '/api/surveys/report?to=2026-1-1', { token })).body.error.code).toBe('validation_failed') // malformed, not impossible
    expect((await suite.app.request('GET', '/api/surveys/report?from=2028-02-29&to=2028-03-01', { token })).status).toBe(200) // a leap day exists
  })

  it('a supervisor’s report covers their clinics only; another clinic is refused', async () => {
    const token = await suite.app.staffToken(['supervisor'], ['BJ02'])
    const mine = await suite.app.request('GET', '/api/surveys/report?from=2026-11-21&to=2026-11-27', { token })
    expect(mine.body.totals).toMatchObject({ invitations: 3, responses: 3 })
    expect((await suite.app.request('GET', '/api/surveys/report?clinicCode=BJ01', { token })).status).toBe(403)
    expect((await suite.app.request('GET', '/api/surveys/report', { token: await suite.app.staffToken(['agent']) })).status).toBe(403)
  })

  it('format=xlsx answers a workbook with Chinese headings that opens and carries the same numbers', async () => {
    const token = await suite.app.staffToken(['director'])
    const response = await fetch(`${suite.app.url}/api/surveys/report?from=2026-11-21&to=2026-11-27&format=xlsx`, { headers: { authorization: `Bearer ${token}` } })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('spreadsheetml')
    expect(response.headers.get('content-disposition')).toContain(encodeURIComponent('满意度周报_2026-11-21_2026-11-27.xlsx'))
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never)
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['满意度周报', '低分及跟进', '顾客留言'])
    const sheet = workbook.getWorksheet('满意度周报')!
    const headings = (sheet.getRow(1).values as unknown[]).slice(1)
    expect(headings.slice(0, 8)).toEqual(['机构缩写', '机构名称', '回访类型', '发出', '未发送', '回复', '回复率', '平均分'])
    const last = (sheet.getRow(sheet.rowCount).values as unknown[]).slice(1)
    expect(last.slice(1, 8)).toEqual(['合计', '全部', 9, 1, 8, 0.8889, 3.29])
    expect(workbook.getWorksheet('低分及跟进')!.rowCount).toBe(3)
    expect(workbook.getWorksheet('顾客留言')!.getRow(1).values).toContain('顾客留言')
  })

  it('Friday’s job stores the week’s report with a Chinese summary per recipient and announces it once', async () => {
    const supervisor02 = await suite.app.staffToken(['supervisor'], ['BJ02'])
    expect(supervisor02).toBeTruthy()
    const result = await runJob(suite.app, 'surveys.weekly-report', at('2026-11-27 17:00'))
    expect(result).toMatchObject({ stored: true, from: '2026-11-21', to: '2026-11-27', invitations: 9, responses: 8 })
    const stored = await surveyReportModel(suite.app.deps.db).findOne({ key: 'weekly:2026-11-21:2026-11-27' }).lean<any>()
    expect(stored.summary).toContain('【满意度周报】11月21日—11月27日')
    expect(stored.summary).toContain('合计：发出 9 份，回复 8 份（回复率 88.9%），平均分 3.29，低分 2 例（待跟进 1 例）')
    expect(stored.summary).toContain('· 北京海淀口腔医院：发出 3 份')
    const bj02Only = stored.recipients.find((r: any) => r.roles.includes('supervisor') && r.clinicCodes.join() === 'BJ02')
    expect(bj02Only.summary).toContain('合计：发出 3 份')
    expect(bj02Only.summary).not.toContain('北京朝阳眼科中心')
    expect(stored.recipients.some((r: any) => r.roles.includes('director'))).toBe(true)

    const events = await liveEventModel(suite.app.deps.db).find({ type: 'report' }).lean<any[]>()
    expect(events.map((e) => e.payload)).toEqual([expect.objectContaining({ kind: 'surveys.weekly', from: '2026-11-21', to: '2026-11-27', summary: stored.summary })])
    expect(await runJob(suite.app, 'surveys.weekly-report', at('2026-11-27 17:05'))).toMatchObject({ stored: false })
    expect(await liveEventModel(suite.app.deps.db).countDocuments({ type: 'report' })).toBe(1)
  })
})
