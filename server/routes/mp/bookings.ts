import { z } from 'zod'
import { calendarDay, clockTime } from '../../../core/calendar/schemas.ts'
import { bookAppointment, cancelMyAppointment, myAppointments, requireMember } from '../../../core/miniprogram/service.ts'
import { route } from '../../http/route.ts'
import type { ServerDeps } from '../../app.ts'
import { mpAppointmentView, objectIdParam } from './schemas.ts'

const bookingBody = z
  .object({
    requestKey: z.string().trim().min(8).max(64).optional().describe('one per form submission: a repeated tap books once'),
    clinicCode: z.string().trim().min(1).max(16),
    day: calendarDay,
    time: clockTime.optional(),
    partOfDay: z.enum(['morning', 'afternoon']).optional(),
    name: z.string().trim().min(1).max(40).describe('the patient (就诊人)'),
    phone: z.string().trim().min(1).max(20),
  })
  .refine((b) => b.time || b.partOfDay, { message: 'give a time or a part of the day', path: ['partOfDay'] })

export const mpBookingRoutes = (deps: ServerDeps) => [
  route({
    method: 'get',
    path: '/api/mp/appointments',
    summary: 'My booking requests and their status, newest first',
    tag: 'miniprogram',
    access: 'member',
    responses: { 200: z.object({ items: z.array(mpAppointmentView), total: z.number() }), 403: 'member_required' },
    handler: async ({ member }) => myAppointments(deps, requireMember(member)),
  }),
  route({
    method: 'post',
    path: '/api/mp/appointments',
    summary: '预约: a booking request; the clinic’s agents are told and phone the patient to agree the time',
    tag: 'miniprogram',
    access: 'member',
    body: bookingBody,
    responses: { 201: mpAppointmentView, 403: 'member_required', 422: 'unknown_clinic, day_in_past, invalid_phone' },
    handler: async ({ body, member }) => ({ status: 201, body: await bookAppointment(deps, requireMember(member), body) }),
  }),
  route({
    method: 'post',
    path: '/api/mp/appointments/:id/cancel',
    summary: 'Cancels one of my bookings',
    tag: 'miniprogram',
    access: 'member',
    params: objectIdParam,
    responses: { 200: mpAppointmentView, 403: 'member_required', 404: 'appointment_not_found', 410: 'appointment_closed (cancelled already)' },
    handler: async ({ params, member }) => cancelMyAppointment(deps, requireMember(member), params.id),
  }),
]
