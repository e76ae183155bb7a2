import { businessDay } from '../../platform/clock.ts'
import { transition } from '../../platform/db/atomic.ts'
import type { JobDefinition } from '../../platform/jobs/registry.ts'
import { addDays } from '../calendar/index.ts'
import { getClinic } from '../clinics/service.ts'
import { appointmentCopy } from './copy.ts'
import { appointmentRequestModel, type AppointmentRequestDoc } from './model.ts'
import { tellCustomer } from './service.ts'

/**
 * Daily at 10:00: confirmed appointments of tomorrow get one reminder. The send is keyed by the
 * agreed time (a second run, or a second instance, queues nothing new; a reschedule earns a new
 * one), and a cancelled request is never reminded.
 */
export const appointmentRemindersJob: JobDefinition = {
  name: 'appointments.remind',
  cron: '0 10 * * *',
  description: 'Reminds customers of tomorrow’s confirmed appointments, once per agreed time',
  async run(deps, { now }) {
    const tomorrow = addDays(businessDay(now), 1)
    const Appointment = appointmentRequestModel(deps.db)
    const due = await Appointment.find({ status: 'confirmed', day: tomorrow }).lean<AppointmentRequestDoc[]>()
    let sent = 0
    let unreachable = 0
    for (const doc of due) {
      if (!doc.at || doc.remindedFor?.getTime() === doc.at.getTime()) continue
      const clinic = await getClinic(deps.db, doc.clinicCode)
      const told = await tellCustomer(deps, doc, appointmentCopy.reminder(clinic, doc.at), `appointment-reminder:${doc._id}:${doc.at.toISOString()}`)
      await transition<AppointmentRequestDoc>(deps.db, Appointment, doc._id, (d) => d.status === 'confirmed' && d.at?.getTime() === doc.at!.getTime(), () => ({
        $set: { remindedFor: doc.at },
        $push: { history: { action: told ? 'reminded' : 'reminder_unreachable', at: now } },
      }))
      if (told) sent++
      else unreachable++
    }
    return { due: due.length, sent, unreachable }
  },
}
