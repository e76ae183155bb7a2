import { CHINESE_NUMERAL_CHARS, parseChineseNumber } from './chinese-number.ts'
import { extractDateTime } from './date-time.ts'
import type { ClinicRef, NluContext, Slots } from '../../core/nlu/intents.ts'
import { normalize } from './normalize.ts'

export function extractPhone(text: string): string | undefined {
  const m = text.match(/(?<!\d)(?:\+?86[\s-]?)?(1[3-9]\d(?:[\s-]?\d){8})(?![\d-])/)
  return m ? m[1].replace(/\D/g, '') : undefined
}

/** Clinic code (BJ01) + year + month + sequence of two or more digits. */
export function extractCaseNumber(text: string): string | undefined {
  const m = text.match(/(?<![a-z0-9])([a-z]{2,3}\d{2})\s*(20\d{2})(0[1-9]|1[0-2])(\d{2,})(?!\d)/i)
  return m ? `${m[1]}${m[2]}${m[3]}${m[4]}`.toUpperCase() : undefined
}

const MULTIPLIERS: Record<string, number> = { 万: 10_000, w: 10_000, 千: 1000, k: 1000 }
const NUMBER = '\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?'
const AMOUNT_PATTERNS: RegExp[] = [
  new RegExp(`(?:¥|\\$|rmb|人民币)\\s*(${NUMBER})\\s*(万|千|k|w)?`, 'g'),
  new RegExp(`(${NUMBER})\\s*(万|千|k|w)?\\s*(?:多|来|余)?\\s*(?:元|块|圆|rmb|人民币)`, 'g'),
  new RegExp(`([${CHINESE_NUMERAL_CHARS}\\d]+)\\s*(?:多|来|余)?\\s*(元|块钱|块|圆)`, 'g'),
]

const CURRENCY = /[¥$元块圆]|rmb|人民币/

/** An amount of money in yuan: 500元, 500块, ¥500, 五百块, 两千元, 1.5万元. */
export function extractAmount(text: string): number | undefined {
  // every pattern needs a currency sign or word
  if (!CURRENCY.test(text)) return undefined
  let best: { at: number; value: number } | undefined
  for (const pattern of AMOUNT_PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      let value: number | null
      if (pattern === AMOUNT_PATTERNS[2]) {
        // 一块 is also "together" (一块去); only 一块钱 is money
        if (m[1] === '一' && m[2] === '块') continue
        value = parseChineseNumber(m[1])
      } else {
        value = Number(m[1].replace(/,/g, '')) * (m[2] ? MULTIPLIERS[m[2]] : 1)
      }
      if (value === null || !Number.isFinite(value) || value <= 0) continue
      if (!best || m.index < best.at) best = { at: m.index, value: Math.round(value * 100) / 100 }
      break
    }
  }
  return best?.value
}

const GENERIC_NAME_PARTS = /眼科|口腔|齿科|牙科|医疗美容|医美|美容|整形|皮肤|中心|医院|门诊部|门诊|诊所|分院|院区|旗舰店|分店|店|集团|有限公司|连锁/g
const TRAILING_GENERIC = /(中心|医院|门诊部|门诊|诊所|分院|院区|旗舰店|分店|店)+$/
const CITIES = /^(北京|上海|天津|重庆|广州|深圳|杭州|南京|成都|武汉|西安|苏州|郑州|长沙|沈阳|青岛|济南|厦门|福州|合肥|昆明|大连|宁波|无锡|石家庄|哈尔滨|长春|太原|南昌|南宁|贵阳|兰州|海口|东莞|佛山)/

/** Ways a customer may name a clinic: full name, aliases, the name without its city, its distinctive part (朝阳), its city. */
function clinicKeys(clinic: ClinicRef): string[] {
  const name = normalize(clinic.name)
  const aliases = (clinic.aliases ?? []).filter((a): a is string => typeof a === 'string' && a.trim() !== '')
  const keys = new Set<string>([name, ...aliases.map(normalize)])
  const city = name.match(CITIES)?.[0]
  if (city) keys.add(city) // names a clinic only when no other is in that city
  const withoutCity = name.replace(CITIES, '')
  keys.add(withoutCity)
  keys.add(withoutCity.replace(TRAILING_GENERIC, ''))
  for (const part of name.split(GENERIC_NAME_PARTS)) {
    if (part.length < 2) continue
    keys.add(part)
    const rest = part.replace(CITIES, '')
    if (rest.length >= 2) keys.add(rest)
  }
  return [...keys].filter((key) => key.length >= 2)
}

interface ClinicIndex {
  /** Each way of naming a clinic, with the clinics it may name. */
  owners: Map<string, Set<string>>
  codePatterns: Array<{ code: string; pattern: RegExp | undefined }>
}

// The keys and patterns follow from the clinic list alone, which changes rarely, while this runs
// for every message: built once per list (by content: the bot reads the list afresh per message).
const clinicIndexes = new Map<string, ClinicIndex>()
const MAX_CLINIC_INDEXES = 16

/** The list the last index was asked for, copied: the next message's list is compared field by field, without a signature. */
let lastList: { clinics: ClinicRef[]; index: ClinicIndex } | undefined

function sameList(a: readonly ClinicRef[], b: readonly ClinicRef[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    if (a[i].code !== b[i].code || a[i].name !== b[i].name) return false
    const x = a[i].aliases ?? []
    const y = b[i].aliases ?? []
    if (x.length !== y.length) return false
    for (let j = 0; j < x.length; j++) if (x[j] !== y[j]) return false
  }
  return true
}

function clinicIndex(clinics: readonly ClinicRef[]): ClinicIndex {
  if (lastList && sameList(clinics, lastList.clinics)) return lastList.index
  const index = indexBySignature(clinics)
  lastList = { clinics: clinics.map((c) => ({ code: c.code, name: c.name, aliases: [...(c.aliases ?? [])] })), index }
  return index
}

function indexBySignature(clinics: readonly ClinicRef[]): ClinicIndex {
  const signature = JSON.stringify(clinics.map((c) => [c.code, c.name, c.aliases ?? []]))
  let index = clinicIndexes.get(signature)
  if (index) return index
  const owners = new Map<string, Set<string>>()
  for (const clinic of clinics) {
    for (const key of clinicKeys(clinic)) {
      if (!owners.has(key)) owners.set(key, new Set())
      owners.get(key)!.add(clinic.code)
    }
  }
  index = { owners, codePatterns: clinics.map((clinic) => ({ code: clinic.code, pattern: codePattern(clinic) })) }
  if (clinicIndexes.size >= MAX_CLINIC_INDEXES) clinicIndexes.clear()
  clinicIndexes.set(signature, index)
  return index
}

export function extractClinic(text: string, clinics: readonly ClinicRef[]): string | undefined {
  const { owners, codePatterns } = clinicIndex(clinics)
  // a code is the most exact way to name one
  const byCode = codePatterns.find(({ pattern }) => pattern?.test(text))
  if (byCode) return byCode.code
  let best: { length: number; code: string } | undefined
  for (const [key, codes] of owners) {
    // a part shared by several clinics (北京) names none of them
    if (codes.size !== 1 || !text.includes(key)) continue
    if (!best || key.length > best.length) best = { length: key.length, code: [...codes][0] }
  }
  return best?.code
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * A clinic's code as customers write it: BJ01, bj-01, bj 01, or its city and number (北京01,
 * 北京1号店), read from a code made of letters and digits and a name that starts with a city.
 */
function codePattern(clinic: ClinicRef): RegExp | undefined {
  const code = normalize(clinic.code)
  const parts = code.match(/^([a-z]+)\s*[-_]?\s*(\d+)$/)
  if (!parts) return code ? new RegExp(`(?<![a-z0-9])${escape(code)}(?![a-z0-9])`) : undefined
  const [, letters, digits] = parts
  const number = String(Number(digits))
  const forms = [`${letters}\\s*[-_]?\\s*${digits}(?!\\d)`]
  const city = normalize(clinic.name).match(CITIES)?.[0]
  // the bare number (北京1) would also be a count or a date (北京1个月): only with 号店 or the code's own digits
  if (city) forms.push(`${city}\\s*[-_]?\\s*(?:${digits}(?!\\d)|0*${number}\\s*(?:号店|号院|店|分院|院区))`)
  return new RegExp(`(?<![a-z0-9])(?:${forms.join('|')})`)
}

/** `normalized` is normalize(text), for a caller that has it already. */
export function extractSlots(text: string, ctx: NluContext, normalized = normalize(text)): Slots {
  let s = normalized
  const slots: Slots = {}
  const caseNumber = extractCaseNumber(s)
  if (caseNumber) slots.caseNumber = caseNumber
  const phone = extractPhone(s)
  if (phone) slots.phone = phone
  // so that their digits are not read as dates or amounts
  s = s.replace(/[a-z]{2,3}\d{2}\s*20\d{4}\d{2,}/gi, ' ').replace(/(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}/g, ' ')
  const amount = extractAmount(s)
  if (amount !== undefined) slots.amount = amount
  Object.assign(slots, extractDateTime(s, ctx.now))
  const clinics = ctx.clinics ?? []
  const clinic = extractClinic(normalized, clinics)
    ?? clinics.find((c) => caseNumber?.startsWith(c.code.toUpperCase()))?.code
  if (clinic) slots.clinic = clinic
  return slots
}
