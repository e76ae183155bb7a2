import { appointmentCopy } from '../../core/appointments/copy.ts'
import { PART_OF_DAY_LABELS } from '../../core/appointments/labels.ts'
import type { AppointmentRequestDoc } from '../../core/appointments/model.ts'
import { cancelByCustomer, openRequestsOf, rescheduleByCustomer } from '../../core/appointments/service.ts'
import { AppError } from '../../platform/errors.ts'
import { dateLabel } from '../copy.ts'
import type { NluResult, PartOfDay } from '../../core/nlu/intents.ts'
import type { Dialog, DialogContext, DialogTurn } from './dialog.ts'

/** "改约到下周一", "取消我周六的预约": the customer's own open request, after a yes/no. */
export const CHANGE_APPOINTMENT = /改约|改期|改到|改成|改个?时间|换个?时间|换一天|换到|推迟|延后|往后推|提前/
export const CANCEL_APPOINTMENT = /取消.{0,10}(预约|约)|(预约|约).{0,6}取消|(预约|约).{0,6}(不去了|去不了|来不了)|(不去了|去不了|来不了)/
const MENTIONS_BOOKING = /预约|约|看诊|复查|就诊/

export function asksToChangeAppointment(text: string): boolean {
  return MENTIONS_BOOKING.test(text) && (CHANGE_APPOINTMENT.test(text) || CANCEL_APPOINTMENT.test(text))
}

const YES = /^(是|是的|对|对的|没错|确认|确定|好|好的|可以|行|嗯|嗯嗯|ok|yes|y)[!！。.~～吧啊]*$/i
const NO = /^(不是|不对|不|否|不用|不要|算了|不取消|不改了|no|n)[!！。.~～吧啊了]*$/i
const PART_OF_DAY: Record<PartOfDay, string> = PART_OF_DAY_LABELS

interface ChangeState {
  action: 'cancel' | 'reschedule'
  appointmentId: string
  /** The wish for a reschedule, once known. */
  day?: string
  time?: string
  partOfDay?: PartOfDay
  asked: 'day' | 'confirm'
}

type Turn = DialogTurn<ChangeState>

const clinicOf = (ctx: DialogContext, doc: AppointmentRequestDoc) => ctx.clinics.find((c) => c.code === doc.clinicCode) ?? ctx.clinic
const wishedTime = (s: Pick<ChangeState, 'time' | 'partOfDay'>) => s.time ?? (s.partOfDay ? PART_OF_DAY[s.partOfDay] : null)

function newDay(ctx: DialogContext, nlu: NluResult): string | undefined {
  return nlu.slots.date && nlu.slots.date >= dateLabel.today(ctx.now) ? nlu.slots.date : undefined
}

function askToConfirm(ctx: DialogContext, doc: AppointmentRequestDoc, state: ChangeState): Turn {
  const clinic = clinicOf(ctx, doc)
  const question = state.action === 'cancel' ? appointmentCopy.askCancel(clinic, doc.day) : appointmentCopy.askReschedule(clinic, doc.day, state.day!, wishedTime(state))
  return { replies: [question], state: { ...state, asked: 'confirm' } }
}

async function carryOut(ctx: DialogContext, state: ChangeState): Promise<Turn> {
  try {
    if (state.action === 'cancel') {
      const doc = await cancelByCustomer(ctx.deps, state.appointmentId)
      return { replies: [appointmentCopy.cancelledByCustomer(clinicOf(ctx, doc), doc.day)], state: null }
    }
    await rescheduleByCustomer(ctx.deps, state.appointmentId, { day: state.day!, time: state.time, partOfDay: state.partOfDay })
    return { replies: [appointmentCopy.rescheduleRequested(state.day!, wishedTime(state))], state: null }
  } catch (err) {
    // Cancelled meanwhile (by the clinic, or in another chat): nothing left to change.
    if (err instanceof AppError && err.status === 409) return { replies: [appointmentCopy.noOpenRequest], state: null }
    throw err
  }
}

export const appointmentChangeDialog: Dialog<ChangeState> = {
  name: 'appointment_change',
  timeoutMinutes: 30,
  async start(ctx, text, nlu) {
    const open = await openRequestsOf(ctx.deps, { memberId: ctx.memberId, conversationId: ctx.conversation._id })
    const cancel = CANCEL_APPOINTMENT.test(text) && !CHANGE_APPOINTMENT.test(text)
    // "取消我周六的预约" names the request by its day; "改约到下周一" names the new day.
    const named = cancel && nlu.slots.date ? open.find((d) => d.day === nlu.slots.date) : undefined
    const doc = named ?? open[0]
    if (!doc) return { replies: [appointmentCopy.noOpenRequest], state: null }
    const state: ChangeState = { action: cancel ? 'cancel' : 'reschedule', appointmentId: String(doc._id), asked: 'day' }
    if (cancel) return askToConfirm(ctx, doc, state)
    const day = newDay(ctx, nlu)
    if (!day) return { replies: [appointmentCopy.askNewDay], state }
    return askToConfirm(ctx, doc, { ...state, day, time: nlu.slots.time, partOfDay: nlu.slots.partOfDay })
  },
  async resume(ctx, state, text, nlu) {
    const open = await openRequestsOf(ctx.deps, { memberId: ctx.memberId, conversationId: ctx.conversation._id })
    const doc = open.find((d) => String(d._id) === state.appointmentId)
    if (!doc) return { replies: [appointmentCopy.noOpenRequest], state: null }
    if (state.asked === 'day') {
      const day = newDay(ctx, nlu)
      if (!day) return { replies: [appointmentCopy.askNewDay], state }
      return askToConfirm(ctx, doc, { ...state, day, time: nlu.slots.time, partOfDay: nlu.slots.partOfDay })
    }
    const reply = text.trim()
    if (YES.test(reply)) return carryOut(ctx, state)
    if (NO.test(reply)) return { replies: [appointmentCopy.unchanged], state: null }
    // A new day instead of a yes: "改到周二吧".
    const day = state.action === 'reschedule' ? newDay(ctx, nlu) : undefined
    if (day) return askToConfirm(ctx, doc, { ...state, day, time: nlu.slots.time, partOfDay: nlu.slots.partOfDay })
    return { replies: [appointmentCopy.yesOrNo], state }
  },
}
