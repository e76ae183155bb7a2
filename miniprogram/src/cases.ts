import { dateText, dateTimeText } from './dates'
import type { MpCase } from './views'

/** A complaint as the list and the detail page show it. */
export const caseLine = (c: MpCase) => ({
  ...c,
  receivedText: dateTimeText(c.receivedAt),
  contactText: c.firstContacted ? '客服主管已与您联系' : `客服主管将在 ${dateText(c.firstContactDueAt)} 前与您联系`,
  closeDueText: c.closeDueAt ? dateText(c.closeDueAt) : '',
  closedText: c.closedAt ? dateText(c.closedAt) : '',
})
