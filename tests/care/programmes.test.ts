import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '../../platform/clock.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'

describe('the care programmes', () => {
  let app: TestApp
  let marketing: string
  beforeAll(async () => {
    app = await startTestApp({ clock: fixedClock('2026-01-01T10:00:00+08:00'), env: { BOT_ENABLED: 'false' } })
    marketing = await app.staffToken(['marketing'])
  })
  afterAll(() => app?.stop())

  const programmes = async () => (await app.request('GET', '/api/care-programmes', { token: marketing })).body.items as Array<Record<string, any>>
  const programme = async (key: string) => (await programmes()).find((p) => p.key === key)!

  it('lists the seven built-in programmes, all on by default, with their texts', async () => {
    const items = await programmes()
    expect(items.map((p) => p.key)).toEqual(['day1', 'month1', 'month3', 'friday', 'season', 'holiday', 'birthday'])
    expect(items.every((p) => p.enabled)).toBe(true)
    expect(Object.keys((await programme('holiday')).texts)).toEqual(['spring_festival', 'dragon_boat', 'mid_autumn', 'double_ninth', 'christmas'])
    expect(Object.keys((await programme('season')).texts)).toEqual(['lichun', 'lixia', 'liqiu', 'lidong'])
  })

  it('the Friday library rotates at least 8 different texts', async () => {
    const friday = await programme('friday')
    expect(new Set(friday.library).size).toBeGreaterThanOrEqual(8)
    expect(friday.nextDates.slice(0, 2)).toEqual([
      { day: '2026-01-02', key: 'friday', name: '周五' },
      { day: '2026-01-09', key: 'friday', name: '周五' },
    ])
  })

  it('the lunar holidays of 2026 and 2027 (and Christmas) land on their dates', async () => {
    const holidays = (await programme('holiday')).nextDates.filter((d: { day: string }) => d.day < '2028-01-01')
    expect(holidays).toEqual([
      { day: '2026-02-17', key: 'spring_festival', name: '春节' },
      { day: '2026-06-19', key: 'dragon_boat', name: '端午节' },
      { day: '2026-09-25', key: 'mid_autumn', name: '中秋节' },
      { day: '2026-10-18', key: 'double_ninth', name: '重阳节' },
      { day: '2026-12-25', key: 'christmas', name: '圣诞节' },
      { day: '2027-02-06', key: 'spring_festival', name: '春节' },
      { day: '2027-06-09', key: 'dragon_boat', name: '端午节' },
      { day: '2027-09-15', key: 'mid_autumn', name: '中秋节' },
      { day: '2027-10-08', key: 'double_ninth', name: '重阳节' },
      { day: '2027-12-25', key: 'christmas', name: '圣诞节' },
    ])
  })

  it('the season changes are 立春, 立夏, 立秋 and 立冬', async () => {
    expect((await programme('season')).nextDates.slice(0, 4)).toEqual([
      { day: '2026-02-04', key: 'lichun', name: '立春' },
      { day: '2026-05-05', key: 'lixia', name: '立夏' },
      { day: '2026-08-07', key: 'liqiu', name: '立秋' },
      { day: '2026-11-07', key: 'lidong', name: '立冬' },
    ])
  })

  it('marketing switches a programme off and on, and edits its texts', async () => {
    const off = await app.request('PUT', '/api/care-programmes/friday', { token: marketing, body: { enabled: false } })
    expect(off.status).toBe(200)
    expect(off.body).toMatchObject({ key: 'friday', enabled: false, nextDates: [] })
    expect((await app.request('PUT', '/api/care-programmes/friday', { token: marketing, body: { enabled: true } })).body.enabled).toBe(true)

    const text = '中秋快乐！{{clinic}}祝{{name}}阖家团圆。'
    const edited = await app.request('PUT', '/api/care-programmes/holiday', { token: marketing, body: { texts: { mid_autumn: text } } })
    expect(edited.status).toBe(200)
    expect(edited.body.texts.mid_autumn).toBe(text)
    expect(edited.body.texts.spring_festival).toContain('拜年') // the other texts stay
    expect((await programme('holiday')).texts.mid_autumn).toBe(text)

    const library = ['周五快乐！', '周末愉快！']
    expect((await app.request('PUT', '/api/care-programmes/friday', { token: marketing, body: { library } })).body.library).toEqual(library)
  })

  it('refuses unknown programmes, unknown text slots, unknown placeholders and a library too small to rotate', async () => {
    expect((await app.request('PUT', '/api/care-programmes/easter', { token: marketing, body: { enabled: false } })).status).toBe(404)
    const slot = await app.request('PUT', '/api/care-programmes/holiday', { token: marketing, body: { texts: { labour_day: '劳动节快乐' } } })
    expect(slot).toMatchObject({ status: 400, body: { error: { code: 'unknown_text_slot' } } })
    const placeholder = await app.request('PUT', '/api/care-programmes/day1', { token: marketing, body: { texts: { text: '{{offers}}' } } })
    expect(placeholder).toMatchObject({ status: 400, body: { error: { code: 'unknown_placeholder' } } })
    expect((await app.request('PUT', '/api/care-programmes/month3', { token: marketing, body: { texts: { text: '近期优惠：{{offers}}' } } })).status).toBe(200)
    const tiny = await app.request('PUT', '/api/care-programmes/friday', { token: marketing, body: { library: ['同一句', '同一句'] } })
    expect(tiny).toMatchObject({ status: 400, body: { error: { code: 'library_too_small' } } })
  })

  it('only marketing and admin edit programmes', async () => {
    const agent = await app.staffToken(['agent'])
    expect((await app.request('PUT', '/api/care-programmes/day1', { token: agent, body: { enabled: false } })).status).toBe(403)
    expect((await app.request('GET', '/api/care-programmes', { token: agent })).status).toBe(403)
    expect((await app.request('PUT', '/api/care-programmes/day1', { token: await app.login(), body: { enabled: true } })).status).toBe(200)
  })
})
