import { returnVisitReply } from '../../core/complaints/copy.ts'
import { RETURN_VISIT_DIALOG } from '../../core/complaints/return-visit-sender.ts'
import { recordReturnVisit } from '../../core/complaints/return-visits.ts'
import type { Dialog } from './dialog.ts'

const UNSATISFIED = /不满意|不太满意|没解决|不行|不好|差|👎|😡/
const SATISFIED = /满意|可以|挺好|很好|不错|解决了|好的|谢谢|👍|😊/

/** The answer to the return-visit question (the job in core/complaints asks it). */
export const complaintReturnVisitDialog: Dialog<{ number: string; asked?: number }> = {
  name: RETURN_VISIT_DIALOG,
  timeoutMinutes: 3 * 24 * 60,
  async start() {
    return { replies: [], state: null } // only ever resumed: the question is sent by the job
  },
  async resume(ctx, state, text, nlu) {
    const satisfied = UNSATISFIED.test(text) ? false : SATISFIED.test(text) ? true : null
    if (satisfied === null) {
      if (nlu.intent !== 'other' && nlu.confidence >= 0.8) return { replies: [], state, passThrough: true }
      if ((state.asked ?? 0) >= 1) return { replies: [], state: null, passThrough: true }
      return { replies: ['请问您对处理结果满意吗？回复“满意”或“不满意”就可以。'], state: { ...state, asked: 1 } }
    }
    await recordReturnVisit(ctx.deps, state.number, { satisfied, note: text }, { kind: 'customer', memberId: ctx.memberId })
    return { replies: [returnVisitReply(satisfied)], state: null }
  },
  reminder: (_ctx, state) => `另外，关于投诉 ${state.number} 的处理结果，您满意吗？回复“满意”或“不满意”即可。`,
}
