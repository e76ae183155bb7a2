/** Whether a person is at the desk now, and if not, when they will be ("今天08:30" / "明天08:30"). */
export function staffedHoursStatus(window: { from: string; to: string } | null, now: Date): { open: true } | { open: false; opensAt: string } {
  if (!window) return { open: true }
  const hm = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now)
  if (hm >= window.from && hm < window.to) return { open: true }
  return { open: false, opensAt: `${hm < window.from ? '今天' : '明天'}${window.from}` }
}
