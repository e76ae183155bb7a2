import { fileComplaint } from '../../core/complaints/service.ts'
import { filedReply } from '../../core/complaints/copy.ts'
import type { Want } from '../../core/complaints/model.ts'
import { complaintIntakeCopy as copy } from './complaint-copy.ts'
import type { Dialog } from './dialog.ts'
import { advanceForm, newFormState, type FormField, type FormState } from './form.ts'
import { clinicField, freeTextField, phoneField } from './form-fields.ts'

const WANT_WORDS: Array<[Want, RegExp]> = [
  ['apology', /道歉|赔礼|认错/],
  ['refund', /退款|退钱|退费|把钱退/],
  ['compensation', /赔偿|赔钱|补偿/],
  ['explanation', /解释|说法|说清楚|给个交代|交代/],
]

const DONT_KNOW = /不清楚|不知道|不记得|忘了|没注意/

/** A first message that already tells the story (not just "我要投诉") is taken as the description. */
const tellsTheStory = (text: string) => [...text.replace(/我要投诉|投诉|你们/g, '')].length >= 12

const fields: FormField[] = [
  freeTextField({ key: 'description', label: '经过', prompt: () => copy.whatHappened, example: '“11月20日配的眼镜，戴了两天镜腿就断了”' }),
  clinicField((ctx) => copy.whichClinic(ctx.clinics.map((c) => c.shortName).join('、'))),
  freeTextField({ key: 'when', label: '时间', prompt: () => copy.when, example: '“昨天下午”' }),
  freeTextField({
    key: 'who',
    label: '涉及人员',
    prompt: () => copy.who,
    example: '“验光师小李”或“不清楚”',
    describe: (text) => (DONT_KNOW.test(String(text)) ? '不清楚' : String(text)),
  }),
  {
    key: 'wants',
    label: '诉求',
    prompt: () => copy.wants,
    example: '“希望退款并道歉”',
    extract: (text) => {
      const wants = WANT_WORDS.filter(([, pattern]) => pattern.test(text)).map(([want]) => want)
      return wants.length ? wants : undefined
    },
    describe: (wants) => (wants as string[]).map((w) => copy.wantLabels[w]).join('、'),
  },
  phoneField(copy.phone),
]

/**
 * Complaint intake by chat (seed 003: listen first, most complainants want to be heard; record
 * channel, who, what, when). Answers in any order; confirmed before the case is filed.
 */
export const complaintDialog: Dialog<FormState> = {
  name: 'complaint',
  timeoutMinutes: 60,
  async start(ctx, text, nlu) {
    const state = newFormState(fields, ctx)
    if (tellsTheStory(text)) state.values.description = text.trim()
    const turn = await this.resume(ctx, state, text, nlu)
    return { ...turn, replies: [copy.listen, ...turn.replies] }
  },
  async resume(ctx, state, text, nlu) {
    const outcome = advanceForm(fields, state, text, nlu, ctx, copy.confirmTitle)
    if (outcome.kind === 'continue') return { replies: outcome.replies, state: outcome.state }
    if (outcome.kind === 'gave_up') return { replies: outcome.replies, state: null, escalate: { reason: 'complaint', priority: 3 } }
    const { values } = outcome
    const who = DONT_KNOW.test(String(values.who)) ? [] : [String(values.who)]
    const filed = await fileComplaint(ctx.deps, {
      clinicCode: String(values.clinic),
      channel: 'chat',
      customerName: ctx.conversation.customerName || '微信用户',
      phone: String(values.phone),
      memberId: ctx.memberId ?? undefined,
      description: `${values.description}\n（发生时间：${values.when}）`,
      involvedStaff: who,
      wants: values.wants as Want[],
    })
    return { replies: [filedReply(filed)], state: null }
  },
  reminder: () => '我们继续刚才的投诉登记，请回答上面的问题，或回复“取消”结束。',
}
