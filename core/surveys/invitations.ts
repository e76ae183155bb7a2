import type { Deps } from '../../platform/deps.ts'
import type { StaffPrincipal } from '../staff/service.ts'
import type { VisitType } from '../visits/model.ts'
import { findPage } from '../../platform/db/find-page.ts'
import { clinicCondition } from '../staff/clinic-scope.ts'
import { invitationModel, type InvitationDoc, type InvitationStatus, type SurveyType } from './model.ts'
import { presentInvitation } from './present.ts'

export interface InvitationFilters {
  memberId?: string
  status?: InvitationStatus
  visitType?: VisitType
  surveyType?: SurveyType
  clinicCode?: string
  limit: number
  offset: number
}

/** As presented: `sent` is not answered at all yet, `partial` answered in part (open, or closed so). */
function statusFilter(status: InvitationStatus): Record<string, unknown> {
  if (status === 'sent') return { status: 'sent', 'answers.0': { $exists: false } }
  if (status === 'partial') return { $or: [{ status: 'partial' }, { status: 'sent', 'answers.0': { $exists: true } }] }
  return { status }
}

/** GET /api/surveys/invitations: newest first; staff with a clinic list see those clinics only. */
export async function listInvitations(deps: Pick<Deps, 'db'>, staff: Pick<StaffPrincipal, 'clinicCodes'>, query: InvitationFilters) {
  const filter: Record<string, unknown> = {}
  if (query.memberId) filter.memberId = query.memberId
  if (query.status) Object.assign(filter, statusFilter(query.status))
  if (query.visitType) filter.visitType = query.visitType
  if (query.surveyType) filter.surveyType = query.surveyType
  const clinicCode = clinicCondition(staff, query.clinicCode)
  if (clinicCode) filter.clinicCode = clinicCode
  const { docs, total } = await findPage<InvitationDoc>(invitationModel(deps.db), filter, { createdAt: -1, _id: -1 }, query)
  return { items: docs.map(presentInvitation), total }
}

