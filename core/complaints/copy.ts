/** Every Chinese sentence of the complaints area: to customers (warm, patient) and to staff (short). */
import { chineseDate, chineseDateTime } from '../calendar/chinese-dates.ts'
import { stepDefinition } from './flow.ts'
import type { AlertKind, DeadlineName, Status } from './model.ts'

export { chineseDate, chineseDateTime } from '../calendar/chinese-dates.ts'

// ——— to customers ———

/** Where the case stands, in words a patient understands. */
export function customerStatusText(status: Status, step: number): string {
  if (status === 'closed') return '已处理完毕'
  if (status === 'reopened') return '已重新跟进处理'
  if (step <= 2) return '已收到，正在安排客服主任受理'
  if (step === 3) return '已受理，正在调查核实情况'
  if (step <= 5) return '正在分析情况、制定处理方案'
  if (step === 6) return '处理方案正在审核'
  if (step === 7) return '正在与您沟通协商处理办法'
  if (step === 8) return '正在为您办理相关手续'
  return '即将办结'
}

/** The reply when a complaint has been filed: the case number and the first-contact deadline. */
export function filedReply(filed: { number: string; firstContactDueAt: string | Date }): string {
  return (
    `非常抱歉给您带来了不愉快的经历，您反映的情况我们已经认真记录下来了。` +
    `您的投诉编号是 ${filed.number}，客服主任会在${chineseDate(new Date(filed.firstContactDueAt))}前与您联系，` +
    `详细了解情况，并和您一起商量解决办法。如果还有需要补充的，随时告诉我们。`
  )
}

export interface CustomerStatusLike {
  number: string
  status: Status
  statusText: string
  firstContactDueAt: string | Date
  firstContacted: boolean
  closedAt: string | Date | null
}

/** The reply to "how is my complaint going?". */
export function caseStatusReply(view: CustomerStatusLike): string {
  if (view.status === 'closed' && view.closedAt) {
    return `您的投诉（编号 ${view.number}）已于${chineseDate(new Date(view.closedAt))}处理完毕。如果您对处理结果还有任何不满意，请随时告诉我们，我们会继续跟进。`
  }
  if (view.status === 'reopened') {
    return `您的投诉（编号 ${view.number}）我们已经重新跟进，客服主任会尽快再次与您联系。给您添麻烦了，非常抱歉。`
  }
  if (!view.firstContacted) {
    return `您的投诉（编号 ${view.number}）${view.statusText}，客服主任会在${chineseDate(new Date(view.firstContactDueAt))}前与您联系。感谢您的耐心等待。`
  }
  return `您的投诉（编号 ${view.number}）${view.statusText}。感谢您的耐心，我们会尽快给您一个满意的答复。`
}

/** 投诉回访: the question after closing. */
export function returnVisitQuestion(visit: { number: string }): string {
  return `您好！关于您之前反映的问题（投诉编号 ${visit.number}），我们想回访一下：您对这次的处理结果满意吗？请回复"满意"或"不满意"，您的每一条意见我们都会认真对待。`
}

export function returnVisitReply(satisfied: boolean): string {
  return satisfied
    ? '谢谢您的理解和认可！我们会继续改进服务，期待下次给您更好的体验。'
    : '非常抱歉这次的处理没能让您满意。我们已经重新跟进您的问题，客服主任会尽快与您联系。'
}

// ——— to staff ———

export function deadlineLabel(deadline: DeadlineName, step: number | null): string {
  if (deadline === 'first_contact') return '首次联系患者'
  if (deadline === 'close') return '结案'
  return `第${step}步「${stepDefinition(step!).name}」`
}

export function alertMessage(alert: { number: string; clinicCode: string; deadline: DeadlineName; step: number | null; kind: AlertKind; dueAt: Date }): string {
  const what = deadlineLabel(alert.deadline, alert.step)
  const when = chineseDateTime(alert.dueAt)
  return alert.kind === 'near'
    ? `【投诉时限提醒】${alert.number}（${alert.clinicCode}）${what}将于${when}到期，请及时处理。`
    : `【投诉逾期】${alert.number}（${alert.clinicCode}）${what}已于${when}到期，仍未完成，请尽快处理。`
}

/** The title of a deadline alert in a staff notification. */
export const alertTitle = (kind: AlertKind, number: string) => (kind === 'near' ? `投诉时限将到：${number}` : `投诉已逾期：${number}`)

const PROVISIONAL_NAMES: Record<string, string> = { first_contact: '首次联系时限', refund_arrival: '银行卡到账日期' }

/** For the console: deadlines computed on a calendar whose official holidays are not published yet. */
export function calendarWarning(deadlines: string[], knownThrough: number): string {
  const names = deadlines.map((d) => PROVISIONAL_NAMES[d] ?? d).join('、')
  return `本案的${names}是按暂定日历推算的：${knownThrough + 1}年的节假日安排尚未公布（只计周末和法定节日，未含调休）。管理员在“节假日”页录入国务院的通知后，这些日期会自动重新计算。`
}

const MOVED_NAMES: Record<string, string> = { first_contact: '首次联系', refund_arrival: '银行卡到账' }

export interface MovedDeadline {
  number: string
  deadline: string
  from: Date
  to: Date
}

/** The case's audit line when the entered holiday calendar moved or confirmed its deadlines. */
export function calendarAuditNote(year: number, version: number, moved: MovedDeadline[], confirmed: string[]): string {
  const parts = moved.map((m) => `${MOVED_NAMES[m.deadline] ?? m.deadline}期限由${chineseDate(m.from)}改为${chineseDate(m.to)}`)
  if (confirmed.length) parts.push(`${confirmed.map((d) => MOVED_NAMES[d] ?? d).join('、')}期限按正式日历核对无误，不再是暂定`)
  return `${year}年节假日安排已录入（第${version}版）：${parts.join('；')}。`
}

/** One notice to a clinic's supervisors, listing every case of the clinic whose deadline moved. */
export function calendarNoticeMessage(year: number, version: number, clinicCode: string, moved: MovedDeadline[]): string {
  const lines = moved.map((m) => `${m.number} ${MOVED_NAMES[m.deadline] ?? m.deadline}：${chineseDate(m.from)} → ${chineseDate(m.to)}`)
  return `【期限调整】${year}年节假日安排已录入（第${version}版），${clinicCode} 有 ${new Set(moved.map((m) => m.number)).size} 个投诉案件的期限按正式日历重新计算：\n${lines.join('\n')}`
}
