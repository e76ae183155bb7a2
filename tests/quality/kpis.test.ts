import { beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '../../platform/clock.ts'
import { useTestApp } from '../helpers/test-app.ts'
import { chatActions, namedStaff, queuedCustomer } from './kit.ts'

/** Monday 2026-11-23 in Beijing time. */
const at = (hm: string, day = '2026-11-23') => `${day}T${hm}+08:00`

describe('agent KPIs from a scripted day of hand-offs', () => {
  const clock = fixedClock(at('08:00:00'))
  let wang: Awaited<ReturnType<typeof namedStaff>>
  let li: Awaited<ReturnType<typeof namedStaff>>
  let supervisor: Awaited<ReturnType<typeof namedStaff>>

  const suite = useTestApp({ clock, env: { STAFFED_HOURS: '08:30-20:00', TOKEN_TTL_HOURS: '240' } })
  /** Runs a step of the day with the clock at its time. */
  const atTime = <T>(time: string, step: () => Promise<T>) => {
    clock.set(time)
    return step()
  }

  beforeAll(async () => {
    wang = await namedStaff(suite.app, '王芳', ['agent'], ['BJ01'])
    li = await namedStaff(suite.app, '李强', ['agent'], ['BJ01'])
    supervisor = await namedStaff(suite.app, '赵主任', ['supervisor'], ['BJ01'])

    // 09:00 queued; 王芳 claims at 09:00:30, first reply 09:01:00 (60 s), releases 09:10 (570 s held).
    const first = await atTime(at('09:00:00'), () => queuedCustomer(suite.app, '顾客甲'))
    const one = chatActions(suite.app, first.conversationId)
    await atTime(at('09:00:30'), () => one.claim(wang.token))
    await atTime(at('09:01:00'), () => one.reply(wang.token, '您好，请问有什么可以帮您？'))
    const complaint = await atTime(at('09:05:00'), () => suite.app.request('POST', '/api/complaints', { token: wang.token, body: { clinicCode: 'BJ01', channel: 'phone', customerName: '顾客甲', description: '电话里说取镜等了一个小时' } }))
    expect(complaint.status).toBe(201)
    await atTime(at('09:10:00'), () => one.release(wang.token))

    // 10:00 queued; 王芳 claims 10:02, replies 10:03 (180 s), transfers to 李强 at 10:05; 李强 releases 10:20.
    const second = await atTime(at('10:00:00'), () => queuedCustomer(suite.app, '顾客乙'))
    const two = chatActions(suite.app, second.conversationId)
    await atTime(at('10:02:00'), () => two.claim(wang.token))
    await atTime(at('10:03:00'), () => two.reply(wang.token, '稍等，我帮您查一下。'))
    await atTime(at('10:05:00'), () => two.transfer(wang.token, li.id))
    await atTime(at('10:06:00'), () => two.reply(li.token, '您好，我来继续为您处理。'))
    await atTime(at('10:20:00'), () => two.release(li.token))

    // 19:58 queued, two staffed minutes before closing; 李强 answers at 08:35 the next morning: 7 staffed minutes.
    const third = await atTime(at('19:58:00'), () => queuedCustomer(suite.app, '顾客丙'))
    const three = chatActions(suite.app, third.conversationId)
    await atTime(at('08:30:30', '2026-11-24'), () => three.claim(li.token))
    await atTime(at('08:35:00', '2026-11-24'), () => three.reply(li.token, '早上好，昨晚的问题我来回复您。'))
    await atTime(at('08:40:00', '2026-11-24'), () => three.release(li.token))
  }, 120_000)

  const kpis = (token: string, query = 'from=2026-11-23&to=2026-11-23') => suite.app.request('GET', `/api/quality/agents?${query}`, { token })

  it('a supervisor reads each agent’s exact figures for the day', async () => {
    const res = await kpis(supervisor.token)
    expect(res.status).toBe(200)
    const row = (name: string) => res.body.items.find((r: { agentName: string }) => r.agentName === name)
    expect(row('王芳')).toMatchObject({
      agentId: wang.id,
      chats: 2,
      firstResponse: { answered: 2, p50Seconds: 60, p90Seconds: 180, within1m: 0.5, within3m: 1, within10m: 1 },
      handling: { count: 2, averageSeconds: 375, totalSeconds: 750 },
      transfers: 1,
      released: 1,
      complaints: 1,
    })
    expect(row('李强')).toMatchObject({
      chats: 2,
      firstResponse: { answered: 1, p50Seconds: 420, p90Seconds: 420, within1m: 0, within3m: 0, within10m: 1 },
      handling: { count: 2, averageSeconds: 735, totalSeconds: 1470 },
      transfers: 0,
      released: 2,
      complaints: 0,
    })
  })

  it('the clinic row sums the day and the daily series holds its first-response percentiles', async () => {
    const res = await kpis(supervisor.token)
    expect(res.body.clinics).toEqual([expect.objectContaining({ clinicCode: 'BJ01', chats: 3, transfers: 1, released: 3, complaints: 1, firstResponse: expect.objectContaining({ answered: 3, p50Seconds: 180, p90Seconds: 420 }) })])
    expect(res.body.daily).toEqual([{ day: '2026-11-23', answered: 3, p50Seconds: 180, p90Seconds: 420 }])
  })

  it('an agent sees only their own row', async () => {
    const res = await kpis(wang.token)
    expect(res.status).toBe(200)
    expect(res.body.items.map((r: { agentName: string }) => r.agentName)).toEqual(['王芳'])
    expect(res.body.clinics).toEqual([])
  })

  it('a day without hand-offs has no rows, and another clinic’s figures are refused', async () => {
    expect((await kpis(supervisor.token, 'from=2026-11-25&to=2026-11-25')).body.items).toEqual([])
    expect((await kpis(supervisor.token, 'from=2026-11-23&to=2026-11-23&clinicCode=SH01')).status).toBe(403)
    expect((await kpis(supervisor.token, 'from=2026-11-24&to=2026-11-23')).body.error.code).toBe('bad_period')
  })

  it('the same figures download as an .xlsx', async () => {
    const res = await fetch(`${suite.app.url}/api/quality/agents?from=2026-11-23&to=2026-11-23&format=xlsx`, { headers: { authorization: `Bearer ${supervisor.token}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('spreadsheetml')
    const ExcelJS = (await import('exceljs')).default
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as never)
    const sheet = workbook.worksheets[0]
    const names = sheet.getColumn(1).values.slice(2)
    expect(names).toEqual(expect.arrayContaining(['王芳', '李强']))
  })

  it('roles outside service quality are refused', async () => {
    const marketing = await namedStaff(suite.app, '市场', ['marketing'])
    expect((await kpis(marketing.token)).status).toBe(403)
  })
})
