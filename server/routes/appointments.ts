import { z } from 'zod'
import { APPOINTMENT_STATUSES } from '../../core/appointments/model.ts'
import {
  cancelAppointment,
  confirmAppointment,
  getAppointment,
  listAppointments,
  presentAppointment,
  rescheduleAppointment,
  type ChangeOutcome,
} from '../../core/appointments/service.ts'
import { appointmentsWorkbook } from '../../core/appointments/xlsx.ts'
import { calendarDay, calendarInstant } from '../../core/calendar/schemas.ts'
import { assertSeesClinic, clinicScope } from '../../core/staff/clinic-scope.ts'
import type { StaffPrincipal } from '../../core/staff/service.ts'
import { businessDay } from '../../platform/clock.ts'
import { pageQuery, route, XLSX } from '../http/route.ts'
import { sendXlsx } from '../http/xlsx-download.ts'
import type { ServerDeps } from '../app.ts'

/** Who works the booking requests: agents phone the customer, supervisors oversee, directors read. */
const READERS = ['agent', 'supervisor', 'director'] as const
const HANDLERS = ['agent', 'supervisor'] as const

const idParams = z.object({ id: z.string() })
const appointmentView = z.object({
  id: z.string(),
  status: z.enum(APPOINTMENT_STATUSES),
  clinicCode: z.string(),
  memberId: z.string().nullable(),
  conversationId: z.string().nullable(),
  name: z.string(),
  phone: z.string().describe('in full for agents and supervisors, who call the customer; masked for directors'),
  day: z.string().describe('the day asked for; once confirmed, the agreed day'),
  time: z.string().nullable().describe('HH:mm asked for'),
  partOfDay: z.string().nullable(),
  at: z.string().nullable().describe('the agreed time, once confirmed'),
  cancelReason: z.string().nullable(),
  cancelledBy: z.string().nullable(),
  rev: z.number().describe('send it back with a change to be refused (409) if someone changed the request meanwhile'),
  history: z.array(z.object({ action: z.string(), at: z.string(), by: z.string().nullable(), detail: z.string().nullable() })),
  createdAt: z.string(),
})
const changeView = z.object({ appointment: appointmentView, customerTold: z.boolean().describe('false: the chat cannot reach the customer now; phone them') })
const listQuery = pageQuery.extend({
  status: z.enum(APPOINTMENT_STATUSES).optional(),
  clinicCode: z.string().max(16).optional(),
  day: calendarDay.optional(),
  memberId: z.string().regex(/^[0-9a-f]{24}$/, 'must be a member id').optional(),
})
const rev = z.number().int().min(0).optional()

async function ownRequest(deps: ServerDeps, id: string, staff: StaffPrincipal) {
  const doc = await getAppointment(deps, id)
  assertSeesClinic(staff, doc.clinicCode)
  return doc
}

const present = (outcome: ChangeOutcome, staff: StaffPrincipal) => ({ appointment: presentAppointment(outcome.appointment, staff), customerTold: outcome.customerTold })

export const appointmentRoutes = (deps: ServerDeps) => [
  route({
    method: 'get',
    path: '/api/appointments',
    summary: 'Booking requests the bot took (and their outcome), by day and agreed time; staff with clinics see theirs',
    tag: 'appointments',
    access: READERS,
    query: listQuery,
    responses: { 200: z.object({ items: z.array(appointmentView), total: z.number() }), 403: 'Not one of your clinics' },
    handler: async ({ query, staff }) => {
      const { items, total } = await listAppointments(deps, { ...query, clinicCodes: clinicScope(staff!, query.clinicCode) })
      return { items: items.map((doc) => presentAppointment(doc, staff!)), total }
    },
  }),
  route({
    method: 'get',
    path: '/api/appointments/export',
    summary: 'The day’s requests as an .xlsx (预约表); `day` defaults to today',
    tag: 'appointments',
    access: READERS,
    query: z.object({ day: calendarDay.optional(), clinicCode: z.string().max(16).optional() }),
    responses: { 200: { description: 'The .xlsx file', media: [XLSX] }, 403: 'Not one of your clinics' },
    handler: async ({ query, staff, ctx }) => {
      const day = query.day ?? businessDay(deps.clock.now())
      const { items } = await listAppointments(deps, { day, clinicCodes: clinicScope(staff!, query.clinicCode), limit: 5000, offset: 0 })
      await sendXlsx(ctx, { ascii: `appointments-${day}.xlsx`, chinese: `预约表_${day}.xlsx` }, appointmentsWorkbook(day, items.map((doc) => presentAppointment(doc, staff!))))
    },
  }),
  route({
    method: 'get',
    path: '/api/appointments/:id',
    summary: 'One booking request with its history',
    tag: 'appointments',
    access: READERS,
    params: idParams,
    responses: { 200: appointmentView, 403: 'Not one of your clinics', 404: 'No such request' },
    handler: async ({ params, staff }) => presentAppointment(await ownRequest(deps, params.id, staff!), staff!),
  }),
  ...(
    [
      ['confirm', 'Confirm a request at the agreed time; the customer is told the day, time, clinic and address in chat', 'The request moved on meanwhile', confirmAppointment],
      ['reschedule', 'Move a request or a confirmed appointment to another agreed time; the customer is told', 'Cancelled, or moved on meanwhile', rescheduleAppointment],
    ] as const
  ).map(([action, summary, conflict, apply]) =>
    route({
      method: 'post',
      path: `/api/appointments/:id/${action}`,
      summary,
      tag: 'appointments',
      access: HANDLERS,
      params: idParams,
      body: z.object({ at: calendarInstant, rev }),
      responses: { 200: changeView, 403: 'Not one of your clinics', 404: 'No such request', 409: conflict, 422: 'The time has passed' },
      handler: async ({ params, body, staff }) => {
        await ownRequest(deps, params.id, staff!)
        return present(await apply(deps, params.id, body.at, { staff: staff!, rev: body.rev }), staff!)
      },
    }),
  ),
  route({
    method: 'post',
    path: '/api/appointments/:id/cancel',
    summary: 'Cancel a request or an appointment, with the reason the customer is told',
    tag: 'appointments',
    access: HANDLERS,
    params: idParams,
    body: z.object({ reason: z.string().trim().min(1).max(200), rev }),
    responses: { 200: changeView, 403: 'Not one of your clinics', 404: 'No such request', 409: 'Cancelled already, or moved on meanwhile' },
    handler: async ({ params, body, staff }) => {
      await ownRequest(deps, params.id, staff!)
      return present(await cancelAppointment(deps, params.id, body.reason, { staff: staff!, rev: body.rev }), staff!)
    },
  }),
]
