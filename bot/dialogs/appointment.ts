import { requestAppointment } from '../../core/appointments/service.ts'
import { PART_OF_DAY_LABELS } from '../../core/appointments/labels.ts'
import { dateLabel } from '../copy.ts'
import type { PartOfDay } from '../../core/nlu/intents.ts'
import type { Dialog } from './dialog.ts'
import { advanceForm, newFormState, type FormField, type FormState } from './form.ts'
import { clinicField, freeTextField, phoneField } from './form-fields.ts'

const PART_OF_DAY: Record<PartOfDay, string> = PART_OF_DAY_LABELS

const fields: FormField[] = [
  clinicField((ctx) => `请问您想预约哪家机构呢？可选：${ctx.clinics.map((c) => c.name).join('、')}`),
  {
    key: 'day',
    label: '日期',
    prompt: () => '请问您想约哪一天呢？',
    example: '“明天”、“周五”或“11月28日”',
    extract: (_text, nlu, ctx) => (nlu.slots.date && nlu.slots.date >= dateLabel.today(ctx.now) ? nlu.slots.date : undefined),
    describe: (day) => dateLabel.format(String(day)),
  },
  {
    key: 'time',
    label: '时间',
    prompt: () => '请问大概几点方便呢？上午或下午也可以。',
    example: '“上午10点”或“下午”',
    extract: (_text, nlu) => nlu.slots.time ?? (nlu.slots.partOfDay ? PART_OF_DAY[nlu.slots.partOfDay] : undefined),
    describe: (time) => String(time),
  },
  freeTextField({ key: 'name', label: '就诊人', prompt: () => '请问就诊人怎么称呼？', example: '“王小明”', prefill: (ctx) => ctx.conversation.customerName || undefined }),
  phoneField('请留一个方便联系的手机号码，客服会致电和您确认预约时间。'),
]

export const appointmentDialog: Dialog<FormState> = {
  name: 'appointment',
  timeoutMinutes: 30,
  async start(ctx, text, nlu) {
    const state = newFormState(fields, ctx)
    return this.resume(ctx, state, text, nlu)
  },
  async resume(ctx, state, text, nlu) {
    const outcome = advanceForm(fields, state, text, nlu, ctx, '好的，为您整理的预约信息如下：')
    if (outcome.kind === 'continue') return { replies: outcome.replies, state: outcome.state }
    if (outcome.kind === 'gave_up') return { replies: outcome.replies, state: null, escalate: { reason: 'appointment_help', priority: 5 } }
    const { values } = outcome
    const time = String(values.time)
    const partOfDay = (Object.entries(PART_OF_DAY).find(([, label]) => label === time)?.[0] ?? undefined) as PartOfDay | undefined
    await requestAppointment(ctx.deps, {
      key: `appointment:${ctx.inboundMessageId}`,
      memberId: ctx.memberId,
      conversationId: String(ctx.conversation._id),
      clinicCode: String(values.clinic),
      day: String(values.day),
      time: partOfDay ? undefined : time,
      partOfDay,
      name: String(values.name),
      phone: String(values.phone),
    })
    const clinic = ctx.clinics.find((c) => c.code === values.clinic) ?? ctx.clinic
    return {
      replies: [
        `预约申请已提交：${clinic.name}，${dateLabel.format(String(values.day))} ${time}。客服同事会在工作时间内致电 ${fields[4].describe(values.phone, ctx)} 和您确认具体时间，请保持电话畅通。如需改约或取消，随时告诉我～`,
      ],
      state: null,
    }
  },
}
