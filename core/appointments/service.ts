import type { Deps } from '../../platform/deps.ts'
import { isDuplicateKeyError } from '../../platform/errors.ts'
import { appointmentRequestModel, type AppointmentRequestDoc } from './model.ts'

export interface AppointmentRequestInput {
  key: string
  memberId?: string | null
  conversationId?: string
  clinicCode: string
  day: string
  time?: string
  partOfDay?: 'morning' | 'noon' | 'afternoon' | 'evening'
  name: string
  phone: string
}

export async function requestAppointment({ db }: Pick<Deps, 'db'>, input: AppointmentRequestInput): Promise<AppointmentRequestDoc> {
  const Appointment = appointmentRequestModel(db)
  try {
    return (await Appointment.create({ ...input, memberId: input.memberId ?? undefined })).toObject() as AppointmentRequestDoc
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
    return (await Appointment.findOne({ key: input.key }).lean<AppointmentRequestDoc>())!
  }
}
