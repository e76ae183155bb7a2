import type { Connection } from 'mongoose'
import { insertNextInSequence } from '../../platform/db/atomic.ts'
import type { Deps } from '../../platform/deps.ts'
import { isDuplicateKeyError, notFound, ruleNotMet } from '../../platform/errors.ts'
import { DEFAULT_TEMPLATES } from './default-templates.ts'
import { SURVEY_TYPES, templateModel, type Question, type SurveyType, type TemplateDoc } from './model.ts'
import type { TemplateUpdate } from './schemas.ts'

const seeded = new WeakSet<Connection>()

/**
 * Inserts version 1 of every template that has none. Safe from any number of instances at once:
 * the unique (key, version) index lets one insert win. Called before templates are read, so a
 * fresh database has them from its first request or job run.
 */
export async function ensureTemplates(db: Connection, now: Date): Promise<void> {
  if (seeded.has(db)) return
  const Template = templateModel(db)
  const present = new Set((await Template.find({}, { key: 1 }).lean<Array<{ key: string }>>()).map((t) => t.key))
  for (const content of DEFAULT_TEMPLATES) {
    if (present.has(content.key)) continue
    try {
      await Template.create({ ...content, version: 1, createdAt: now, createdBy: null })
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err
    }
  }
  seeded.add(db)
}

/** The newest version of each template, by key. */
export async function currentTemplates(deps: Pick<Deps, 'db' | 'clock'>): Promise<Map<SurveyType, TemplateDoc>> {
  await ensureTemplates(deps.db, deps.clock.now())
  const newest = new Map<SurveyType, TemplateDoc>()
  for (const doc of await templateModel(deps.db).find().lean<TemplateDoc[]>()) {
    if ((newest.get(doc.key)?.version ?? 0) < doc.version) newest.set(doc.key, doc)
  }
  return newest
}

// Versions never change once written, so each is read from the database once per process.
const versionCache = new WeakMap<Connection, Map<string, TemplateDoc>>()

/** The template version an invitation was sent with. */
export async function templateVersion(db: Connection, key: SurveyType, version: number): Promise<TemplateDoc> {
  let cache = versionCache.get(db)
  if (!cache) versionCache.set(db, (cache = new Map()))
  const cacheKey = `${key}@${version}`
  const cached = cache.get(cacheKey)
  if (cached) return cached
  const doc = await templateModel(db).findOne({ key, version }).lean<TemplateDoc>()
  if (!doc) throw notFound('survey_template_not_found', `Template ${key} has no version ${version}.`)
  cache.set(cacheKey, doc)
  return doc
}

export function presentTemplate(doc: TemplateDoc) {
  return {
    key: doc.key,
    version: doc.version,
    name: doc.name,
    visitType: doc.visitType,
    delayDays: doc.delayDays,
    intro: doc.intro,
    thanks: doc.thanks,
    questions: doc.questions,
    createdAt: doc.createdAt.toISOString(),
    createdBy: doc.createdBy,
  }
}
export type TemplateView = ReturnType<typeof presentTemplate>

export async function listTemplates(deps: Pick<Deps, 'db' | 'clock'>) {
  const current = await currentTemplates(deps)
  const items = SURVEY_TYPES.flatMap((key) => (current.has(key) ? [presentTemplate(current.get(key)!)] : []))
  return { items, total: items.length }
}

function normalizeQuestions(questions: TemplateUpdate['questions']): Question[] {
  const ids = new Set<string>()
  const normalized = questions.map((q, i): Question => {
    const id = q.id ?? `q${i + 1}`
    if (ids.has(id)) throw ruleNotMet('duplicate_question_id', `Question id ${id} is used twice.`)
    ids.add(id)
    if (q.kind !== 'choice') return { id, kind: q.kind, text: q.text }
    if (!q.options || q.options.length < 2) throw ruleNotMet('choice_needs_options', `Question ${id} needs 2 to 6 options.`)
    return { id, kind: 'choice', text: q.text, options: q.options.map((o, j) => ({ id: o.id ?? `o${j + 1}`, label: o.label, ...(o.followUp ? { followUp: true } : {}) })) }
  })
  // The first score question is the overall satisfaction the reports are built on.
  if (!normalized.some((q) => q.kind === 'score')) throw ruleNotMet('score_question_required', 'A survey needs at least one 1–5 score question (the overall satisfaction).')
  return normalized
}

/** PUT /api/surveys/templates/:key: a new version; invitations already sent keep theirs. */
export async function updateTemplate(deps: Pick<Deps, 'db' | 'clock'>, key: SurveyType, input: TemplateUpdate, by: { id: string }) {
  const current = (await currentTemplates(deps)).get(key)
  if (!current) throw notFound('survey_template_not_found', `No survey template ${key}.`)
  const isVisitSurvey = key === current.visitType
  if (isVisitSurvey && input.delayDays !== undefined && input.delayDays !== 1) {
    throw ruleNotMet('fixed_delay', 'The visit surveys go out the day after the visit; only later touchpoints have their own delay.')
  }
  const questions = normalizeQuestions(input.questions)
  const created = await insertNextInSequence<TemplateDoc>(templateModel(deps.db), 'version', { key }, (version) => ({
    key,
    version,
    name: input.name ?? current.name,
    visitType: current.visitType,
    delayDays: input.delayDays ?? current.delayDays,
    intro: input.intro ?? current.intro,
    thanks: input.thanks ?? current.thanks,
    questions,
    createdAt: deps.clock.now(),
    createdBy: by.id,
  }))
  return presentTemplate(created)
}
