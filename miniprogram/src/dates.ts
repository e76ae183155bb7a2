// Clinics and members are in China: days and times are shown in Beijing time whatever the phone's zone.
const BEIJING_OFFSET_MS = 8 * 3600_000
const pad = (n: number) => String(n).padStart(2, '0')

function beijing(iso: string) {
  const d = new Date(Date.parse(iso) + BEIJING_OFFSET_MS)
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), min: d.getUTCMinutes() }
}

/** 2026年12月3日 */
export function dateText(iso: string): string {
  const t = beijing(iso)
  return `${t.y}年${t.m}月${t.d}日`
}

/** 2026年12月3日 15:30 */
export function dateTimeText(iso: string): string {
  const t = beijing(iso)
  return `${dateText(iso)} ${pad(t.h)}:${pad(t.min)}`
}

/** "2026-12-03" → 12月3日 */
export function dayText(day: string): string {
  const [, m, d] = day.split('-').map(Number)
  return `${m}月${d}日`
}

/** Today in Beijing as YYYY-MM-DD, for the date pickers' start. */
export function todayInBeijing(now = Date.now()): string {
  const t = beijing(new Date(now).toISOString())
  return `${t.y}-${pad(t.m)}-${pad(t.d)}`
}
