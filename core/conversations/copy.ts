/** Every customer-facing sentence about talking to a person. */
export const handoffCopy = {
  queued: '好的，已为您转接人工客服，请稍候，客服同事会尽快回复您。您也可以先把问题描述一下，方便我们更快帮您处理。',
  queuedOutsideHours: (opensAt: string) =>
    `好的，已为您登记转人工。现在是非工作时间，客服同事会在${opensAt}上班后第一时间回复您。如遇急症，请立即前往最近的医院急诊就医。`,
  agentJoined: (agentName: string) => `您好，我是客服${agentName}，很高兴为您服务，请问有什么可以帮您？`,
  released: '感谢您的耐心沟通。之后如需帮助，随时给我们留言；需要人工服务时回复“人工”即可。',
  stillWaiting: '您的消息已收到，客服同事正在赶来，请稍候～',
}

/** What staff read in their notifications about hand-offs (console and WeCom: no message text). */
export const handoffNoticeCopy = {
  emergency: (customerName: string | null, clinicCode: string | null) => ({
    title: `紧急求助${clinicCode ? `（${clinicCode}）` : ''}`,
    body: `${customerName ?? '一位顾客'}在微信中描述了紧急情况，机器人已发送急诊指引和急诊电话。请立即在「会话」中接入并电话联系顾客。`,
  }),
}
