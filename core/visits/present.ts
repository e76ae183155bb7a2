import { fenToYuan } from '../members/money.ts'
import type { VisitDoc } from './model.ts'
import type { VisitView } from './schemas.ts'

export function toVisitView(doc: VisitDoc): VisitView {
  return {
    id: String(doc._id),
    externalId: doc.externalId,
    memberId: String(doc.memberId),
    clinicCode: doc.clinicCode,
    visitedAt: doc.visitedAt.toISOString(),
    visitDay: doc.visitDay,
    type: doc.type,
    amount: fenToYuan(doc.amountFen),
  }
}
