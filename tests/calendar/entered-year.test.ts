import { beforeAll, describe, expect, it } from 'vitest'
import { installEnteredYears, isWorkingDay, type EnteredYear } from '../../core/calendar/index.ts'
import { fixedClock } from '../../platform/clock.ts'
import { useTestApp } from '../helpers/test-app.ts'
import { at, endOfDay, fileCase } from '../complaints/factories.ts'

/** The 2027 notice as an admin pastes it (国务院办公厅关于2027年部分节假日安排的通知). */
const NOTICE_2027 = `国务院办公厅关于2027年部分节假日安排的通知
经国务院批准，现将2027年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月6日（农历正月初一、周六）至13日（农历正月初八、周六）放假调休，共8天。2月14日（星期日）上班。
三、清明节：4月3日（周六）至5日（周一）放假，共3天。
四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。4月25日（周日）、5月8日（周六）上班。
五、端午节：6月9日（周三）放假，共1天。
六、中秋节：9月15日（周三）放假，共1天。
七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫、疫情防控等工作。`

describe('entering the 2027 holiday calendar from the State Council notice', () => {
  const clock = fixedClock(at('2026-12-02 10:00'))
  let admin: string
  let agent: string
  let bjSupervisor: string
  let shSupervisor: string
  let preview: { holidays: unknown[]; workdays: unknown[] }
  const cases: Record<string, string> = {}

  const STAFF = { agent: [['agent'], []], bj: [['supervisor'], ['BJ01']], sh: [['supervisor'], ['SH01']] } as const

  /** Moves the clock and logs everyone in again (tokens expire over the months a test spans). */
  async function setTime(local: string) {
    clock.set(at(local))
    admin = await suite.app.login()
    agent = await suite.app.login('cal_agent', 'staff-password-1')
    bjSupervisor = await suite.app.login('cal_bj', 'staff-password-1')
    shSupervisor = await suite.app.login('cal_sh', 'staff-password-1')
  }

  const suite = useTestApp({ clock })
  beforeAll(async () => {
    admin = await suite.app.login()
    for (const [key, [roles, clinicCodes]] of Object.entries(STAFF)) {
      const body = { username: `cal_${key}`, name: `员工${key}`, password: 'staff-password-1', roles, clinicCodes }
      const res = await suite.app.request('POST', '/api/staff', { token: admin, body })
      if (res.status !== 201) throw new Error(`staff creation failed: ${JSON.stringify(res.body)}`)
    }
    await setTime('2026-12-02 10:00')
  })

  it('warns from 1 October 2026 that 2027 is provisional, not before', async () => {
    await setTime('2026-09-30 10:00')
    expect((await suite.app.request('GET', '/api/calendar/years', { token: admin })).body.warning).toBeNull()
    await setTime('2026-12-02 10:00')
    const res = await suite.app.request('GET', '/api/calendar/years', { token: admin })
    expect(res.status).toBe(200)
    expect(res.body.warning).toMatchObject({ year: 2027 })
    expect(res.body.warning.message).toContain('2027年的节假日安排尚未录入')
    expect(res.body.items.find((y: { year: number }) => y.year === 2027)).toMatchObject({ source: 'provisional', version: null })
    expect(res.body.items.find((y: { year: number }) => y.year === 2026)).toMatchObject({ source: 'library' })
  })

  it('only admins read a year’s entry and save it; every staff member reads the list', async () => {
    expect((await suite.app.request('GET', '/api/calendar/years', { token: agent })).status).toBe(200)
    expect((await suite.app.request('GET', '/api/calendar/years/2027', { token: agent })).status).toBe(403)
    expect((await suite.app.request('PUT', '/api/calendar/years/2027', { token: bjSupervisor, body: { holidays: [{ name: '春节', from: '2027-02-06', to: '2027-02-13' }] } })).status).toBe(403)
  })

  it('reads the pasted notice into the days it names and shows them back without saving', async () => {
    const res = await suite.app.request('POST', '/api/calendar/years/2027/preview', { token: admin, body: { notice: NOTICE_2027 } })
    expect(res.status).toBe(200)
    expect(res.body.unread).toEqual([])
    expect(res.body.problems).toEqual([])
    expect(res.body.holidays).toEqual([
      { name: '元旦', from: '2027-01-01', to: '2027-01-03' },
      { name: '春节', from: '2027-02-06', to: '2027-02-13' },
      { name: '清明节', from: '2027-04-03', to: '2027-04-05' },
      { name: '劳动节', from: '2027-05-01', to: '2027-05-05' },
      { name: '端午节', from: '2027-06-09', to: '2027-06-09' },
      { name: '中秋节', from: '2027-09-15', to: '2027-09-15' },
      { name: '国庆节', from: '2027-10-01', to: '2027-10-07' },
    ])
    expect(res.body.workdays).toEqual([
      { day: '2027-02-14', name: '春节' },
      { day: '2027-04-25', name: '劳动节' },
      { day: '2027-05-08', name: '劳动节' },
      { day: '2027-09-26', name: '国庆节' },
      { day: '2027-10-09', name: '国庆节' },
    ])
    expect(res.body.holidayDays).toBe(28)
    preview = { holidays: res.body.holidays, workdays: res.body.workdays }
    expect((await suite.app.request('GET', '/api/calendar/years/2027', { token: admin })).body).toMatchObject({ source: 'provisional', version: null, history: [] })
  })

  it('refuses an entry with a day outside 2027, or a day both holiday and workday, with 422 and the error shape; nothing is saved', async () => {
    const outside = await suite.app.request('PUT', '/api/calendar/years/2027', {
      token: admin,
      body: { holidays: [{ name: '元旦', from: '2027-12-31', to: '2028-01-02' }], workdays: [] },
    })
    expect(outside.status).toBe(422)
    expect(outside.body.error).toMatchObject({ code: 'calendar_day_outside_year', details: { problems: [{ code: 'calendar_day_outside_year', days: ['2028-01-01', '2028-01-02'] }] } })
    expect(typeof outside.body.error.message).toBe('string')

    const both = await suite.app.request('PUT', '/api/calendar/years/2027', {
      token: admin,
      body: { holidays: [{ name: '春节', from: '2027-02-06', to: '2027-02-13' }], workdays: [{ day: '2027-02-13', name: '春节' }] },
    })
    expect(both.status).toBe(422)
    expect(both.body.error).toMatchObject({ code: 'calendar_day_holiday_and_workday', details: { problems: [{ days: ['2027-02-13'] }] } })

    const impossible = await suite.app.request('PUT', '/api/calendar/years/2027', { token: admin, body: { holidays: [{ name: '春节', from: '2027-02-30', to: '2027-02-13' }] } })
    expect(impossible.status).toBe(422)
    expect(impossible.body.error).toMatchObject({ code: 'invalid_date', details: [{ path: 'holidays.0.from' }] })
    const malformed = await suite.app.request('PUT', '/api/calendar/years/2027', { token: admin, body: { holidays: [{ name: '春节', from: '2027-2-3', to: '2027-02-13' }] } })
    expect(malformed.status).toBe(400)
    expect(malformed.body.error.code).toBe('validation_failed')

    expect((await suite.app.request('GET', '/api/calendar/years/2027', { token: admin })).body.version).toBeNull()
    expect(isWorkingDay('2027-02-14')).toEqual({ working: false, provisional: true })
  })

  it('complaints received on provisional days: the deadline that moves is recomputed with an audit line, its clinic’s supervisors get one notice', async () => {
    await setTime('2026-12-30 10:00')
    // Thu 31 Dec (unsettled), then Mon 4 and Tue 5 Jan: the notice keeps 元旦 at 1–3 Jan, so this one stays.
    const december = await fileCase(suite.app, agent, { clinicCode: 'BJ01' })
    expect(december).toMatchObject({ firstContactDueAt: endOfDay('2027-01-05'), deadlinesProvisional: true })
    cases.december = december.number

    await setTime('2027-02-04 09:00')
    // Provisional: 除夕 Fri 5 Feb and 初三 Mon 8 Feb off, so Tue 9, Wed 10, Thu 11 Feb → due 11 Feb.
    const beijing = await fileCase(suite.app, agent, { clinicCode: 'BJ01' })
    const shanghai = await fileCase(suite.app, agent, { clinicCode: 'SH01' })
    expect(beijing).toMatchObject({ firstContactDueAt: endOfDay('2027-02-11'), deadlinesProvisional: true })
    cases.beijing = beijing.number
    cases.shanghai = shanghai.number

    clock.set(at('2027-02-04 10:00'))
    const saved = await suite.app.request('PUT', '/api/calendar/years/2027', { token: admin, body: { ...preview, source: 'notice', note: '国办发明电〔2026〕号', baseVersion: 0 } })
    expect(saved.status).toBe(200)
    expect(saved.body).toMatchObject({ year: 2027, source: 'entered', version: 1, entrySource: 'notice', savedBy: expect.any(String) })
    expect(saved.body.recomputed).toEqual({ moved: 2, confirmed: 1, notices: 2 })
    expect(saved.body.history).toHaveLength(1)
    expect(saved.body.history[0].changes.workdaysAdded).toContain('2027-02-14')

    // On the notice: Fri 5 Feb works, 6–13 Feb off, the 调休 Sunday 14 Feb and Mon 15 Feb → due 15 Feb.
    const moved = await suite.app.request('GET', `/api/complaints/${cases.beijing}`, { token: bjSupervisor })
    expect(moved.body).toMatchObject({ firstContactDueAt: endOfDay('2027-02-15'), deadlinesProvisional: false, calendarWarning: null })
    const line = moved.body.audit.at(-1)
    expect(line).toMatchObject({ action: 'calendar', by: { role: 'admin' }, before: { firstContactDueAt: endOfDay('2027-02-11') }, after: { firstContactDueAt: endOfDay('2027-02-15') } })
    expect(line.note).toContain('首次联系期限由2月11日（周四）改为2月15日（周一）')

    const kept = await suite.app.request('GET', `/api/complaints/${cases.december}`, { token: bjSupervisor })
    expect(kept.body).toMatchObject({ firstContactDueAt: endOfDay('2027-01-05'), deadlinesProvisional: false })
    expect(kept.body.audit.at(-1).note).toContain('核对无误')

    const bjNotices = await suite.app.request('GET', '/api/complaints/calendar-notices', { token: bjSupervisor })
    expect(bjNotices.body.total).toBe(1)
    const [notice] = bjNotices.body.items
    expect(notice).toMatchObject({ year: 2027, version: 1, clinicCode: 'BJ01' })
    expect(notice.cases).toEqual([{ number: cases.beijing, deadline: 'first_contact', from: endOfDay('2027-02-11'), to: endOfDay('2027-02-15') }])
    expect(notice.message).toContain(cases.beijing)
    expect(notice.message).not.toContain(cases.december)
    const shNotices = await suite.app.request('GET', '/api/complaints/calendar-notices', { token: shSupervisor })
    expect(shNotices.body.items.map((n: { clinicCode: string }) => n.clinicCode)).toEqual(['SH01'])
    // Each notice goes to that clinic's supervisors only.
    const bjNames = notice.recipients.map((r: { id: string }) => r.id)
    const shNames = shNotices.body.items[0].recipients.map((r: { id: string }) => r.id)
    expect(bjNames).toHaveLength(1)
    expect(shNames).toHaveLength(1)
    expect(bjNames[0]).not.toBe(shNames[0])
    // …and rings their bell (the notification centre), the other clinic's supervisor's not.
    const bell = (await suite.app.request('GET', '/api/notifications', { token: bjSupervisor })).body.items.filter((n: { kind: string }) => n.kind === 'calendar_deadlines')
    expect(bell).toHaveLength(1)
    expect(bell[0].body).toContain(cases.beijing)
    const shBell = (await suite.app.request('GET', '/api/notifications', { token: shSupervisor })).body.items.filter((n: { kind: string }) => n.kind === 'calendar_deadlines')
    expect(shBell.every((n: { body: string }) => !n.body.includes(cases.beijing))).toBe(true)
  })

  it('answers the entered year’s 调休 days as official: the Sunday and Saturdays worked, the holidays off, nothing provisional', async () => {
    expect(isWorkingDay('2027-02-14')).toEqual({ working: true, provisional: false }) // Sunday, 春节调休
    expect(isWorkingDay('2027-04-25')).toEqual({ working: true, provisional: false }) // Sunday, 劳动节调休
    expect(isWorkingDay('2027-05-08')).toEqual({ working: true, provisional: false })
    expect(isWorkingDay('2027-09-26')).toEqual({ working: true, provisional: false })
    expect(isWorkingDay('2027-10-09')).toEqual({ working: true, provisional: false })
    expect(isWorkingDay('2027-02-05')).toEqual({ working: true, provisional: false }) // 除夕 is not in the notice
    expect(isWorkingDay('2027-02-08')).toEqual({ working: false, provisional: false })
    expect(isWorkingDay('2027-10-07')).toEqual({ working: false, provisional: false })
    expect(isWorkingDay('2027-03-13')).toEqual({ working: false, provisional: false }) // an ordinary Saturday
    expect(isWorkingDay('2026-12-31')).toEqual({ working: true, provisional: false }) // late December is settled now

    // The console counts on the very days the list hands it.
    const list = await suite.app.request('GET', '/api/calendar/years', { token: agent })
    expect(list.body.warning).toBeNull()
    const entered = list.body.entered as EnteredYear[]
    expect(entered.map((y) => `${y.year}:v${y.version}`)).toEqual(['2027:v1'])
    installEnteredYears([])
    expect(isWorkingDay('2027-02-14').provisional).toBe(true)
    installEnteredYears(entered)
    expect(isWorkingDay('2027-02-14')).toEqual({ working: true, provisional: false })
  })

  it('saving the same days again is version 2 and moves nothing; a save on a stale version is refused with 409', async () => {
    const again = await suite.app.request('PUT', '/api/calendar/years/2027', { token: admin, body: { ...preview, source: 'notice', baseVersion: 1 } })
    expect(again.status).toBe(200)
    expect(again.body).toMatchObject({ version: 2, recomputed: { moved: 0, confirmed: 0, notices: 0 } })
    expect(again.body.history.map((h: { version: number }) => h.version)).toEqual([2, 1])
    expect(again.body.history[0].changes).toEqual({ holidaysAdded: [], holidaysRemoved: [], workdaysAdded: [], workdaysRemoved: [] })
    const stale = await suite.app.request('PUT', '/api/calendar/years/2027', { token: admin, body: { ...preview, baseVersion: 1 } })
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('calendar_version_changed')
    expect((await suite.app.request('GET', '/api/complaints/calendar-notices', { token: bjSupervisor })).body.total).toBe(1)
  })

  it('lists the new routes in the served OpenAPI document', async () => {
    const doc = (await suite.app.request('GET', '/api/openapi.json')).body
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/calendar/years', '/api/calendar/years/{year}', '/api/calendar/years/{year}/preview', '/api/complaints/calendar-notices']))
    expect(Object.keys(doc.paths['/api/calendar/years/{year}'])).toEqual(expect.arrayContaining(['get', 'put']))
  })
})
