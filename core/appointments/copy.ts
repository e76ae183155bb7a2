/** What the customer is told about their booking, in chat. */
import { chineseDay, clockTime, chineseDate } from '../calendar/chinese-dates.ts'
import type { ClinicView } from '../clinics/service.ts'

const when = (at: Date) => `${chineseDate(at)} ${clockTime(at)}`

export const appointmentCopy = {
  confirmed: (clinic: ClinicView, at: Date) =>
    `您的预约已确认✅\n机构：${clinic.name}\n时间：${when(at)}\n地址：${clinic.address}\n请提前10分钟到院，记得携带身份证件。如需改约或取消，直接回复我就可以～`,
  rescheduled: (clinic: ClinicView, at: Date) =>
    `您的预约时间已调整为 ${when(at)}（${clinic.name}，地址：${clinic.address}）。如时间不方便，随时告诉我～`,
  cancelledByClinic: (clinic: ClinicView, day: string, reason: string) =>
    `非常抱歉，您${chineseDay(day)}在${clinic.name}的预约已取消${reason ? `，原因：${reason}` : ''}。给您带来不便请多包涵，如需重新预约，回复“预约”即可。`,
  reminder: (clinic: ClinicView, at: Date) =>
    `温馨提醒🌷 您明天 ${clockTime(at)} 在${clinic.name}有预约（地址：${clinic.address}）。请提前10分钟到院；如需改约或取消，直接回复我就可以。`,
  // —— asked by the customer in chat ——
  noOpenRequest: '没有查到您待就诊的预约哦。如需预约，回复“预约”即可～',
  askCancel: (clinic: ClinicView, day: string) => `要取消您${chineseDay(day)}在${clinic.name}的预约吗？确认请回复“是”，不取消回复“不是”。`,
  askNewDay: '好的，请问想改到哪一天呢？（例如“下周一上午”）',
  askReschedule: (clinic: ClinicView, from: string, to: string, time: string | null) =>
    `把您在${clinic.name}的预约从${chineseDay(from)}改到${chineseDay(to)}${time ? ` ${time}` : ''}，对吗？确认请回复“是”。`,
  cancelledByCustomer: (clinic: ClinicView, day: string) => `已为您取消${chineseDay(day)}在${clinic.name}的预约。期待下次为您服务，如需重新预约，回复“预约”即可～`,
  rescheduleRequested: (day: string, time: string | null) =>
    `好的，已为您申请改约到${chineseDay(day)}${time ? ` ${time}` : ''}。客服同事会在工作时间内致电和您确认具体时间，请保持电话畅通～`,
  unchanged: '好的，预约保持不变。还有其他需要随时告诉我～',
  yesOrNo: '请回复“是”或“不是”哦～',
}
