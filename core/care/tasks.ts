import { Types } from 'mongoose'
import { transition } from '../../platform/db/atomic.ts'
import type { Deps } from '../../platform/deps.ts'
import { conflict, isDuplicateKeyError, notFound } from '../../platform/errors.ts'
import type { StaffPrincipal } from '../staff/service.ts'
import type { BirthdayMember } from './due.ts'
import { careTaskModel, type CareTaskDoc } from './model.ts'
import type { CareTaskView } from './schemas.ts'

/** One task per celebrant and day: the card or gift staff hand over (planning the day twice creates one). */
export async function createBirthdayTasks(
  deps: Pick<Deps, 'db' | 'clock'>,
  day: string,
  birthdays: Array<{ member: BirthdayMember; own: boolean; family: Array<{ name: string; relation: string }> }>,
): Promise<number> {
  let created = 0
  const now = deps.clock.now()
  for (const { member, own, family } of birthdays) {
    const celebrants = [...(own ? [{ kind: 'member' as const, name: member.name, relation: '本人' }] : []), ...family.map((f) => ({ kind: 'family' as const, ...f }))]
    for (const celebrant of celebrants) {
      const who = celebrant.kind === 'member' ? 'self' : `family:${celebrant.relation}:${celebrant.name}`
      try {
        await careTaskModel(deps.db).create({
          key: `birthday:${member._id}:${day}:${who}`,
          kind: 'birthday_gift',
          memberId: member._id,
          memberName: member.name,
          tier: member.tier,
          clinicCode: member.clinicCode,
          day,
          celebrant,
          optedOut: member.optedOut,
          createdAt: now,
        })
        created++
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err
      }
    }
  }
  return created
}

function present(doc: CareTaskDoc): CareTaskView {
  return {
    id: String(doc._id),
    kind: doc.kind,
    memberId: String(doc.memberId),
    memberName: doc.memberName,
    tier: doc.tier,
    clinicCode: doc.clinicCode,
    day: doc.day,
    celebrant: { kind: doc.celebrant.kind, name: doc.celebrant.name ?? null, relation: doc.celebrant.relation ?? null },
    optedOut: doc.optedOut,
    status: doc.status,
    createdAt: doc.createdAt.toISOString(),
    doneAt: doc.doneAt?.toISOString() ?? null,
    doneByName: doc.doneByName,
    note: doc.note,
  }
}

export async function listCareTasks(deps: Pick<Deps, 'db'>, query: { status?: 'open' | 'done'; day?: string; clinicCode?: string; limit: number; offset: number }) {
  const filter: Record<string, unknown> = {}
  if (query.status) filter.status = query.status
  if (query.day) filter.day = query.day
  if (query.clinicCode) filter.clinicCode = query.clinicCode
  const Task = careTaskModel(deps.db)
  const [docs, total] = await Promise.all([Task.find(filter).sort({ day: -1, _id: 1 }).skip(query.offset).limit(query.limit).lean<CareTaskDoc[]>(), Task.countDocuments(filter)])
  return { items: docs.map(present), total }
}

/** Staff sent the card or handed over the gift; done once (a second "done" is a 409). */
export async function completeCareTask(deps: Pick<Deps, 'db' | 'clock'>, id: string, staff: StaffPrincipal, note?: string): Promise<CareTaskView> {
  const _id = /^[0-9a-f]{24}$/i.test(id) ? new Types.ObjectId(id) : null
  if (!_id || !(await careTaskModel(deps.db).exists({ _id }))) throw notFound('care_task_not_found', 'No such care task.')
  const done = await transition<CareTaskDoc>(deps.db, careTaskModel(deps.db), _id, (t) => t.status === 'open', () => ({
    $set: { status: 'done', doneAt: deps.clock.now(), doneBy: staff.id, doneByName: staff.name, note: note ?? null },
  }))
  if (!done) throw conflict('care_task_done', 'This task is already done.')
  return present(done)
}
