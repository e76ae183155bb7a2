/** Sentences shared by every multi-turn form. */
export const formCopy = {
  confirmHint: '信息无误请回复“确认”；需要修改直接告诉我新的内容即可（例如“时间改成明天下午3点”）；不需要了回复“取消”。',
  confirmAgain: (summary: string) => `请您再核对一下：\n${summary}\n无误请回复“确认”，需要修改请直接告诉我。`,
  whatToChange: '好的，请告诉我需要修改的内容，例如“电话是13800138000”或“改到周五上午”。',
  reprompt: (example: string) => `抱歉，我没太明白，您可以这样回复：${example}`,
  gaveUp: '抱歉，我没能理解清楚，已为您转接人工客服，请稍候。',
  cancelled: '好的，已为您取消。还有其他需要随时告诉我～',
  timedOut: '刚才的登记因为较长时间没有回复已自动结束，如需继续请重新告诉我哦。',
}

/** Words that end any dialog at once. */
export const CANCEL_WORDS = /^(算了|取消|不用了|不要了|不弄了|退出|结束|先不了|不需要了|cancel)[!！。.~～吧啊]*$/i
