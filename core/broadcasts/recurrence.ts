import { addDays, startOfBusinessDay, weekday } from '../calendar/index.ts'
import { businessDay } from '../../platform/clock.ts'
import type { Recurrence } from './model.ts'

/** The instant of HH:mm on a business day. */
function atTime(day: string, time: string): Date {
  return new Date(startOfBusinessDay(day).getTime() + (Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))) * 60_000)
}

/** The first occurrence at or after `from`: the next ISO weekday (1 Monday … 7 Sunday) at HH:mm in China. */
export function nextOccurrence(recurrence: Recurrence, from: Date): Date {
  const today = businessDay(from)
  for (let i = 0; i <= 7; i++) {
    const day = addDays(today, i)
    const isoWeekday = weekday(day) === 0 ? 7 : weekday(day)
    if (isoWeekday !== recurrence.weekday) continue
    const at = atTime(day, recurrence.time)
    if (at >= from) return at
  }
  throw new Error('no occurrence within a week') // unreachable for a valid weekday
}

/** When a scheduled broadcast's first run starts: sendAt (or now), moved to the first occurrence for a recurring one. */
export function firstRunAt(sendAt: Date | null, recurrence: Recurrence | null, now: Date): Date {
  const from = sendAt && sendAt > now ? sendAt : now
  return recurrence ? nextOccurrence(recurrence, from) : from
}
