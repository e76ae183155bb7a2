import { businessDay } from '../../platform/clock.ts'
import type { Deps } from '../../platform/deps.ts'
import { badRequest, notFound } from '../../platform/errors.ts'
import { addDays, upcomingCareDates, weekday } from '../calendar/index.ts'
import { BROADCAST_PLACEHOLDERS } from '../broadcasts/copy.ts'
import { unknownPlaceholders } from '../broadcasts/template.ts'
import { BIRTHDAY_TEXTS, DAY1_TEXT, FRIDAY_LIBRARY, HOLIDAY_TEXTS, isHolidayKey, isSeasonKey, MONTH1_TEXT, MONTH3_NO_OFFERS, MONTH3_TEXT, SEASON_TEXTS } from './copy.ts'
import { careProgrammeModel, type CareProgrammeDoc } from './model.ts'
import type { CareProgrammeView, UpdateProgrammeInput } from './schemas.ts'

export const PROGRAMME_KEYS = ['day1', 'month1', 'month3', 'friday', 'season', 'holiday', 'birthday'] as const
export type ProgrammeKey = (typeof PROGRAMME_KEYS)[number]

interface ProgrammeDefinition {
  name: string
  /** Who gets it and when (domain §3). */
  when: string
  texts: Record<string, string>
  /** Extra placeholders a slot may use beyond {{name}}, {{tier}}, {{clinic}}. */
  extraPlaceholders?: Record<string, readonly string[]>
  /** The Friday greeting rotates through a library instead of fixed texts. */
  library?: readonly string[]
}

export const PROGRAMMES: Record<ProgrammeKey, ProgrammeDefinition> = {
  day1: { name: '加入次日问候', when: 'all members, the day after joining', texts: { text: DAY1_TEXT } },
  month1: { name: '加入一个月回访', when: 'all members, one month after joining (replies are kept in the conversation)', texts: { text: MONTH1_TEXT } },
  month3: {
    name: '加入三个月回访',
    when: 'all members, three months after joining, with the coupon campaigns open that day',
    texts: { text: MONTH3_TEXT, noOffers: MONTH3_NO_OFFERS },
    extraPlaceholders: { text: ['offers'] },
  },
  friday: { name: '每周五问候', when: 'all members, every Friday at 10:00; never the same text twice in a row', texts: {}, library: FRIDAY_LIBRARY },
  season: { name: '季节转换问候', when: 'all members, on 立春, 立夏, 立秋 and 立冬', texts: { ...SEASON_TEXTS } },
  holiday: { name: '节日问候', when: 'all members, on 春节, 端午, 中秋, 重阳 (lunar) and 圣诞 (Dec 25)', texts: { ...HOLIDAY_TEXTS } },
  birthday: {
    name: '生日关怀',
    when: 'tiers A and B on their birthday, and tier A members on their family members’ birthdays; each with a staff task for the card or gift',
    texts: { ...BIRTHDAY_TEXTS },
    extraPlaceholders: { family: ['relation', 'familyName'] },
  },
}

/** A programme as it runs: the defaults with staff's changes. */
export interface ProgrammeSettings {
  key: ProgrammeKey
  enabled: boolean
  texts: Record<string, string>
  library: string[] | null
  updatedAt: Date | null
  updatedBy: string | null
}

export type AllProgrammeSettings = Record<ProgrammeKey, ProgrammeSettings>

export async function programmeSettings(deps: Pick<Deps, 'db'>): Promise<AllProgrammeSettings> {
  const stored = new Map((await careProgrammeModel(deps.db).find().lean<CareProgrammeDoc[]>()).map((doc) => [doc._id, doc]))
  const settings = {} as AllProgrammeSettings
  for (const key of PROGRAMME_KEYS) {
    const definition = PROGRAMMES[key]
    const doc = stored.get(key)
    settings[key] = {
      key,
      enabled: doc?.enabled ?? true,
      texts: { ...definition.texts, ...(doc?.texts ?? {}) },
      library: definition.library ? [...(doc?.library ?? definition.library)] : null,
      updatedAt: doc?.updatedAt ?? null,
      updatedBy: doc?.updatedBy ?? null,
    }
  }
  return settings
}

const FRIDAYS_SHOWN = 8
const YEARS_SHOWN = 2

/** The days a programme will next run, where they are calendar days (Fridays, season starts, holidays). */
export function nextDates(key: ProgrammeKey, today: string): CareProgrammeView['nextDates'] {
  if (key === 'friday') {
    const first = addDays(today, (5 - weekday(today) + 7) % 7)
    return Array.from({ length: FRIDAYS_SHOWN }, (_, i) => ({ day: addDays(first, 7 * i), key: 'friday', name: '周五' }))
  }
  if (key === 'season' || key === 'holiday') {
    const belongs = key === 'season' ? isSeasonKey : isHolidayKey
    return upcomingCareDates(today, YEARS_SHOWN)
      .filter((occasion) => belongs(occasion.key))
      .map(({ day, key: occasionKey, name }) => ({ day, key: occasionKey, name }))
  }
  return [] // counted from each member's joining day or birthday
}

function present(settings: ProgrammeSettings, today: string): CareProgrammeView {
  const definition = PROGRAMMES[settings.key]
  return {
    key: settings.key,
    name: definition.name,
    when: definition.when,
    enabled: settings.enabled,
    texts: settings.texts,
    library: settings.library,
    nextDates: settings.enabled ? nextDates(settings.key, today) : [],
    updatedAt: settings.updatedAt?.toISOString() ?? null,
    updatedBy: settings.updatedBy,
  }
}

export async function listProgrammes(deps: Pick<Deps, 'db' | 'clock'>) {
  const settings = await programmeSettings(deps)
  const today = businessDay(deps.clock.now())
  const items = PROGRAMME_KEYS.map((key) => present(settings[key], today))
  return { items, total: items.length }
}

function assertKey(key: string): asserts key is ProgrammeKey {
  if (!(PROGRAMME_KEYS as readonly string[]).includes(key)) throw notFound('care_programme_not_found', `There is no care programme "${key}".`)
}

/** Switches a programme on or off and edits its texts (only its own slots, only the placeholders it fills). */
export async function updateProgramme(deps: Pick<Deps, 'db' | 'clock'>, key: string, input: UpdateProgrammeInput, staffId: string): Promise<CareProgrammeView> {
  assertKey(key)
  const definition = PROGRAMMES[key]
  const set: Record<string, unknown> = { updatedAt: deps.clock.now(), updatedBy: staffId }
  if (input.enabled !== undefined) set.enabled = input.enabled
  for (const [slot, text] of Object.entries(input.texts ?? {})) {
    if (!(slot in definition.texts)) throw badRequest('unknown_text_slot', `The ${key} programme has no text "${slot}"; it has: ${Object.keys(definition.texts).join(', ') || 'a library only'}.`)
    const unknown = unknownPlaceholders(text, [...BROADCAST_PLACEHOLDERS, ...(definition.extraPlaceholders?.[slot] ?? [])])
    if (unknown.length) throw badRequest('unknown_placeholder', `The text "${slot}" uses unknown placeholders: ${unknown.map((p) => `{{${p}}}`).join(', ')}.`)
    set[`texts.${slot}`] = text
  }
  if (input.library !== undefined) {
    if (!definition.library) throw badRequest('no_library', `Only the Friday programme has a rotating library.`)
    // Two at least, or "never the same text twice in a row" cannot hold.
    if (new Set(input.library).size < 2) throw badRequest('library_too_small', 'The Friday library needs at least two different texts.')
    const unknown = input.library.flatMap((text) => unknownPlaceholders(text, BROADCAST_PLACEHOLDERS))
    if (unknown.length) throw badRequest('unknown_placeholder', `The library uses unknown placeholders: ${[...new Set(unknown)].map((p) => `{{${p}}}`).join(', ')}.`)
    set.library = input.library
  }
  await careProgrammeModel(deps.db).updateOne({ _id: key }, { $set: set }, { upsert: true })
  const settings = await programmeSettings(deps)
  return present(settings[key], businessDay(deps.clock.now()))
}
