import type { Deps } from '../../platform/deps.ts'
import { notFound } from '../../platform/errors.ts'
import { memberModel } from '../members/model.ts'
import { parseMemberId } from '../members/service.ts'
import { visitModel, type VisitDoc } from './model.ts'
import { toVisitView } from './present.ts'

export async function listMemberVisits(deps: Pick<Deps, 'db'>, memberId: string, page: { limit: number; offset: number }) {
  const _id = parseMemberId(memberId)
  if (!_id || !(await memberModel(deps.db).exists({ _id }))) throw notFound('member_not_found', 'No such member.')
  const Visit = visitModel(deps.db)
  const [docs, total] = await Promise.all([
    Visit.find({ memberId: _id }).sort({ visitedAt: -1 }).skip(page.offset).limit(page.limit).lean<VisitDoc[]>(),
    Visit.countDocuments({ memberId: _id }),
  ])
  return { items: docs.map(toVisitView), total }
}

/** Every visit on a business day ('YYYY-MM-DD', Asia/Shanghai), e.g. yesterday's for the satisfaction surveys. */
export async function listVisitsOnDay(deps: Pick<Deps, 'db'>, day: string) {
  const docs = await visitModel(deps.db).find({ visitDay: day }).sort({ visitedAt: 1 }).lean<VisitDoc[]>()
  return docs.map(toVisitView)
}
