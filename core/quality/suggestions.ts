/**
 * What a supervisor adds from the not-understood list: an answer for the quick replies, or a
 * message as an example of an intent. Stored with who added it, for the next training of the
 * local model to read (bot/nlu); nothing changes the bot's understanding by itself.
 */
import { Schema } from 'mongoose'
import type { Deps } from '../../platform/deps.ts'
import { conflict, isDuplicateKeyError } from '../../platform/errors.ts'
import type { StaffPrincipal } from '../staff/service.ts'
import { normalizeForGrouping } from './grouping.ts'
import { modelOf } from '../../platform/db/model-of.ts'

export const SUGGESTION_KINDS = ['quick_reply', 'intent_example'] as const
export type SuggestionKind = (typeof SUGGESTION_KINDS)[number]

const suggestionSchema = new Schema(
  {
    _id: { type: String, required: true }, // `<kind>:<normalised text>`: one per message and kind
    kind: { type: String, enum: SUGGESTION_KINDS, required: true },
    text: { type: String, required: true },
    answer: { type: String },
    intent: { type: String },
    createdBy: { type: String, required: true },
    createdByName: { type: String },
    createdAt: { type: Date, required: true },
  },
  { collection: 'bot_suggestions', versionKey: false, _id: false },
)

export const suggestionModel = modelOf('BotSuggestion', suggestionSchema)

interface SuggestionDoc { _id: string; kind: SuggestionKind; text: string; answer?: string | null; intent?: string | null; createdByName?: string | null; createdAt: Date }

const present = (d: SuggestionDoc) => ({ id: d._id, kind: d.kind, text: d.text, answer: d.answer ?? null, intent: d.intent ?? null, createdByName: d.createdByName ?? null, createdAt: d.createdAt.toISOString() })

export async function addSuggestion(deps: Pick<Deps, 'db' | 'clock'>, staff: StaffPrincipal, input: { kind: SuggestionKind; text: string; answer?: string; intent?: string }) {
  const doc = { _id: `${input.kind}:${normalizeForGrouping(input.text)}`, ...input, createdBy: staff.id, createdByName: staff.name, createdAt: deps.clock.now() }
  try {
    await suggestionModel(deps.db).create(doc)
  } catch (err) {
    if (isDuplicateKeyError(err)) throw conflict('suggestion_exists', 'This message has been added already.')
    throw err
  }
  return present(doc as SuggestionDoc)
}

export async function listSuggestions({ db }: Pick<Deps, 'db'>, kind?: SuggestionKind) {
  const docs = await suggestionModel(db).find(kind ? { kind } : {}).sort({ createdAt: -1 }).limit(500).lean<SuggestionDoc[]>()
  return { items: docs.map(present), total: docs.length }
}

/** The messages supervisors marked as examples of an intent, for the local model's training. */
export async function intentExamples({ db }: Pick<Deps, 'db'>): Promise<Array<{ text: string; intent: string }>> {
  const docs = await suggestionModel(db).find({ kind: 'intent_example' }).lean<SuggestionDoc[]>()
  return docs.filter((d) => d.intent).map((d) => ({ text: d.text, intent: d.intent! }))
}
