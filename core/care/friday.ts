import { createHash } from 'node:crypto'
import type { Types } from 'mongoose'
import type { Deps } from '../../platform/deps.ts'
import { fridayRotationModel, type FridayRotationDoc } from './model.ts'

/** Where a member starts in the library: spread over it, so one Friday's greetings vary between members. */
const startOf = (memberId: string, size: number) => createHash('sha256').update(memberId).digest().readUInt32BE(0) % size

/**
 * This run's Friday text for each member: the next one in the library after the one they got
 * last, never the same text twice in a row (even after the library is edited). The choice is
 * stored before the greeting is planned, with the run, so re-planning the run picks the same.
 */
export async function pickFridayTexts(deps: Pick<Deps, 'db'>, runId: string, memberIds: Types.ObjectId[], library: readonly string[]): Promise<Map<string, string>> {
  const Rotation = fridayRotationModel(deps.db)
  const ids = memberIds.map(String)
  const states = new Map((await Rotation.find({ _id: { $in: ids } }).lean<FridayRotationDoc[]>()).map((s) => [s._id, s]))
  const picks = new Map<string, string>()
  for (const id of ids) {
    const state = states.get(id)
    if (state?.lastRunId === runId) {
      picks.set(id, state.lastText)
      continue
    }
    const lastAt = state ? library.indexOf(state.lastText) : -1
    let index = ((lastAt >= 0 ? lastAt : state ? state.lastIndex : startOf(id, library.length) - 1) + 1) % library.length
    if (state && library[index] === state.lastText) index = (index + 1) % library.length // a duplicate text in an edited library
    picks.set(id, library[index])
    await Rotation.updateOne({ _id: id }, { $set: { lastIndex: index, lastText: library[index], lastRunId: runId } }, { upsert: true })
  }
  return picks
}
