/** The complaint intake's questions, as a caring clinic asks them: listen first, then one question at a time. */
export const complaintIntakeCopy = {
  listen: '非常抱歉让您有了不好的经历，您的感受我们非常重视。请您慢慢说，我会认真记录，并转给客服主任专门跟进。',
  whatHappened: '能跟我说说具体发生了什么吗？越详细越好，方便我们尽快核实处理。',
  whichClinic: (names: string) => `请问是在哪家机构发生的呢？（${names}）`,
  when: '请问大概是什么时候发生的呢？（例如“昨天下午”、“11月20日”）',
  who: '当时接待您的是哪位医生或工作人员呢？不清楚的话回复“不清楚”就好。',
  wants: '您希望我们怎么处理呢？可以多选：道歉、退款、赔偿、给个解释。',
  phone: '请留一个方便联系的手机号码，客服主任会打电话给您详细了解情况。',
  confirmTitle: '我帮您整理了一下，请您核对：',
  wantLabels: { apology: '道歉', refund: '退款', compensation: '赔偿', explanation: '给个解释' } as Record<string, string>,
}
