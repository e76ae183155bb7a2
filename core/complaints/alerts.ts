/**
 * Deadline alerts for the hourly job: a deadline within 4 hours is "near", a passed one "overdue".
 * Each (case, deadline, due instant, kind) fires once — the alert's unique key stops the next hour's
 * run from firing it again. Alerts are stored for the console; sending them through WeCom comes later.
 */
import { notifyStaff } from '../notifications/service.ts'
import type { Deps } from '../../platform/deps.ts'
import { findPage } from '../../platform/db/find-page.ts'
import { isDuplicateKeyError } from '../../platform/errors.ts'
import type { Role } from '../staff/roles.ts'
import { staffModel, type StaffDoc } from '../staff/model.ts'
import { alertMessage, alertTitle } from './copy.ts'
import { stepDefinition } from './flow.ts'
import { complaintAlertModel, complaintModel, type AlertDoc, type AlertKind, type CaseDoc, type DeadlineName } from './model.ts'

export const NEAR_MS = 4 * 60 * 60 * 1000

interface OpenDeadline {
  deadline: DeadlineName
  step: number | null
  dueAt: Date
  owners: readonly Role[]
}

function openDeadlines(doc: CaseDoc): OpenDeadline[] {
  const list: OpenDeadline[] = []
  if (!doc.firstContactAt) list.push({ deadline: 'first_contact', step: null, dueAt: doc.firstContactDueAt, owners: ['supervisor'] })
  if (doc.status !== 'closed' && doc.closeDueAt) list.push({ deadline: 'close', step: null, dueAt: doc.closeDueAt, owners: ['supervisor'] })
  if (!doc.flowComplete && doc.stepDueAt) list.push({ deadline: 'step', step: doc.step, dueAt: doc.stepDueAt, owners: stepDefinition(doc.step).owners })
  return list
}

export interface AlertView {
  number: string
  clinicCode: string
  deadline: DeadlineName
  step: number | null
  kind: AlertKind
  dueAt: string
  firedAt: string
  recipients: Array<{ id: string; name: string; roles: string[] }>
  message: string
}

export function presentAlert(doc: Omit<AlertDoc, '_id'>): AlertView {
  return {
    number: doc.number,
    clinicCode: doc.clinicCode,
    deadline: doc.deadline,
    step: doc.step,
    kind: doc.kind,
    dueAt: doc.dueAt.toISOString(),
    firedAt: doc.firedAt.toISOString(),
    recipients: doc.recipients,
    message: doc.message,
  }
}

/** The owner role's staff of the clinic and its supervisors; for overdue deadlines its directors too. */
function recipientsOf(staff: StaffDoc[], clinicCode: string, owners: readonly Role[], kind: AlertKind) {
  const wanted = new Set<string>([...owners, 'supervisor', ...(kind === 'overdue' ? ['director'] : [])])
  return staff
    .filter((s) => s.roles.some((role) => wanted.has(role)) && (s.clinicCodes.length === 0 || s.clinicCodes.includes(clinicCode)))
    .map((s) => ({ id: String(s._id), name: s.name, roles: [...s.roles] }))
}

/** Fires the alerts due at `now` that have not fired before, and answers them. */
export async function findDeadlineAlerts(deps: Pick<Deps, 'db' | 'log' | 'clock' | 'config'>, now: Date): Promise<AlertView[]> {
  const horizon = new Date(now.getTime() + NEAR_MS)
  const cases = await complaintModel(deps.db)
    .find({
      $or: [
        { firstContactAt: null, firstContactDueAt: { $lte: horizon } },
        { status: { $ne: 'closed' }, closeDueAt: { $lte: horizon } },
        { flowComplete: false, stepDueAt: { $lte: horizon } },
      ],
    })
    .lean<CaseDoc[]>()
  if (!cases.length) return []
  // The assignee of a case may be an agent: everyone who works cases is a candidate.
  const staff = await staffModel(deps.db).find({ active: true, roles: { $in: ['agent', 'supervisor', 'director', 'medical'] } }).lean<StaffDoc[]>()
  const Alert = complaintAlertModel(deps.db)
  const fired: AlertView[] = []
  for (const doc of cases) {
    for (const open of openDeadlines(doc)) {
      if (open.dueAt > horizon) continue
      const kind: AlertKind = open.dueAt <= now ? 'overdue' : 'near'
      const alert = {
        key: `${doc.number}:${open.deadline}${open.step ?? ''}:${open.dueAt.toISOString()}:${kind}`,
        number: doc.number,
        clinicCode: doc.clinicCode,
        deadline: open.deadline,
        step: open.step,
        kind,
        dueAt: open.dueAt,
        firedAt: now,
        recipients: recipientsOf(staff, doc.clinicCode, open.owners, kind),
        message: alertMessage({ number: doc.number, clinicCode: doc.clinicCode, deadline: open.deadline, step: open.step, kind, dueAt: open.dueAt }),
      }
      try {
        await Alert.create(alert)
        fired.push(presentAlert(alert))
        const recipients = staff.filter((s) => alert.recipients.some((r) => r.id === String(s._id)) || s._id.equals(doc.assignee?.id ?? ''))
        await notifyStaff(deps, { key: `complaint-alert:${alert.key}`, kind: 'complaint_deadline', clinicCode: doc.clinicCode, link: `/complaints/${doc.number}`, title: alertTitle(alert.kind, doc.number), body: alert.message }, recipients)
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err // fired before (or by another instance): once is enough
      }
    }
  }
  if (fired.length) deps.log.info({ fired: fired.length }, 'complaint deadline alerts fired')
  return fired
}

export async function listAlerts(
  deps: Pick<Deps, 'db'>,
  query: { clinicCodes: string[]; clinicCode?: string; kind?: AlertKind; number?: string; limit: number; offset: number },
): Promise<{ items: AlertView[]; total: number }> {
  const filter: Record<string, unknown> = {}
  if (query.clinicCode) filter.clinicCode = query.clinicCode
  else if (query.clinicCodes.length) filter.clinicCode = { $in: query.clinicCodes }
  if (query.kind) filter.kind = query.kind
  if (query.number) filter.number = query.number
  const { docs, total } = await findPage<AlertDoc>(complaintAlertModel(deps.db), filter, { firedAt: -1 }, query)
  return { items: docs.map(presentAlert), total }
}
