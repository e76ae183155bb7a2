/**
 * Reads the lines of the State Council's notice (国务院办公厅关于<year>年部分节假日安排的通知) into
 * days, e.g. "二、春节：2月6日（农历正月初一）至13日放假调休，共8天。2月14日（星期日）上班。"
 * → 春节 2027-02-06…02-13, workday 2027-02-14. Pure: the preview shows the result back before
 * anything is saved. Lines that are not a holiday's line (the notice's greeting, its closing
 * paragraph) are skipped; a holiday's line that cannot be read is reported, never guessed.
 */
import { daysOfRange, type AdjustedWorkday, type HolidayRange, type YearSchedule } from './entered-years.ts'
import { formatDay, parseDay, type Day } from './days.ts'

export interface NoticeProblem {
  /** 1-based line number in the pasted text */
  line: number
  text: string
  message: string
}

export interface ParsedNotice extends YearSchedule {
  problems: NoticeProblem[]
}

const DATE = String.raw`(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日`
const END = String.raw`(?:(?:(\d{4})年)?(\d{1,2})月)?(\d{1,2})日`
const RANGE = new RegExp(`${DATE}\\s*(?:至|到|-|—|–|～|~)\\s*${END}`, 'g')
const SINGLE = new RegExp(DATE, 'g')
const TOTAL = /共\s*(\d+)\s*天/

/** Full-width digits and punctuation as plain ones, parentheses (农历…, 星期…) dropped. */
function normalise(line: string): string {
  return line
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/（[^）]*）|\([^)]*\)/g, '')
    .replace(/\s+/g, ' ')
    .trim()
}

/** The day a notice's "M月D日" means in `year`; December in a January holiday's line is the year before. */
function dayIn(year: number, y: string | undefined, m: string, d: string, context: 'january' | 'any'): Day {
  const month = Number(m)
  const explicit = y ? Number(y) : month === 12 && context === 'january' ? year - 1 : year
  const day = formatDay(explicit, month, Number(d))
  parseDay(day) // throws for 2月30日
  return day
}

function parseLine(year: number, raw: string, lineNo: number): { holidays: HolidayRange[]; workdays: AdjustedWorkday[]; problem?: NoticeProblem } | null {
  const line = normalise(raw).replace(/^(?:[一二三四五六七八九十]+、|\d+[.、]\s*)/, '')
  const colon = line.search(/[：:]/)
  if (colon <= 0) return null
  const name = line.slice(0, colon).trim()
  const rest = line.slice(colon + 1)
  if (!/放假|休息|上班/.test(rest) || name.length > 20) return null
  const problem = (message: string) => ({ holidays: [], workdays: [], problem: { line: lineNo, text: raw.trim(), message } })
  const context = /元旦/.test(name) ? 'january' : 'any'
  const holidays: HolidayRange[] = []
  const workdays: AdjustedWorkday[] = []
  try {
    for (const clause of rest.split(/[。；;，,]/)) {
      if (/上班/.test(clause)) {
        for (const m of clause.matchAll(SINGLE)) workdays.push({ day: dayIn(year, m[1], m[2], m[3], context), name })
      } else if (/放假|休息/.test(clause)) {
        const ranges = [...clause.matchAll(RANGE)]
        for (const m of ranges) {
          const from = dayIn(year, m[1], m[2], m[3], context)
          const start = parseDay(from)
          const endMonth = m[5] ? Number(m[5]) : start.month
          const endYear = m[4] ? Number(m[4]) : endMonth < start.month ? start.year + 1 : start.year
          holidays.push({ name, from, to: dayIn(year, String(endYear), String(endMonth), m[6], 'any') })
        }
        const outside = ranges.reduce((text, m) => text.replace(m[0], ' '), clause)
        for (const m of outside.matchAll(SINGLE)) {
          const day = dayIn(year, m[1], m[2], m[3], context)
          holidays.push({ name, from: day, to: day })
        }
      }
    }
  } catch {
    return problem('日期无法识别（例如 2月30日）')
  }
  const total = TOTAL.exec(rest)
  const counted = holidays.reduce((n, h) => n + (h.to >= h.from ? daysOfRange(h).length : 0), 0)
  if (total && holidays.length && Number(total[1]) !== counted) return problem(`“共${total[1]}天”与所列日期（${counted}天）不符`)
  if (holidays.some((h) => h.to < h.from)) return problem('放假的结束日期早于开始日期')
  if (!holidays.length && !workdays.length) return problem('没有读到日期')
  return { holidays, workdays }
}

/** The holidays and adjusted workdays of the notice's lines for `year`, and the lines that could not be read. */
export function parseNotice(year: number, text: string): ParsedNotice {
  const result: ParsedNotice = { holidays: [], workdays: [], problems: [] }
  text.split(/\r?\n/).forEach((raw, i) => {
    const parsed = parseLine(year, raw, i + 1)
    if (!parsed) return
    if (parsed.problem) result.problems.push(parsed.problem)
    result.holidays.push(...parsed.holidays)
    result.workdays.push(...parsed.workdays)
  })
  return result
}
