import { businessDay } from '../platform/clock.ts'
import { chineseDate, chineseDay } from '../core/calendar/chinese-dates.ts'
import type { ClinicView } from '../core/clinics/service.ts'

/** Dates as a clinic writes them to a patient: 11月26日（周四） (core/calendar/chinese-dates.ts). */
export const dateLabel = {
  today: (now: Date) => businessDay(now),
  format: chineseDay,
  formatInstant: chineseDate,
}

/** The bot's own sentences (each area keeps its own in core/<area>/copy.ts). */
export const botCopy = {
  menu:
    '我可以帮您：\n1️⃣ 查询优惠券（回复“优惠券”）\n2️⃣ 查询积分和会员权益（回复“积分”）\n3️⃣ 预约就诊（回复“预约”）\n4️⃣ 查询检查报告（回复“报告”）\n5️⃣ 门诊地址、时间和电话（回复“地址”）\n6️⃣ 投诉与建议（回复“投诉”）\n7️⃣ 人工客服（回复“人工”）',
  notUnderstood: '抱歉，我没太理解您的意思😊',
  offTopic: '这个我可能帮不上忙啦😊 我是这里的客服小助手，有关就诊和会员的事情随时找我。',
  greeting: (clinic: ClinicView) => `您好，欢迎咨询${clinic.name}！我是智能客服小助手，很高兴为您服务。`,
  thanks: '不客气，能帮到您我们很开心😊 祝您健康愉快！还有需要随时找我。',
  emergency: (clinic: ClinicView) =>
    `⚠️ 您描述的情况可能比较紧急，请不要等待：请立即前往最近的医院急诊就医，必要时拨打 120。\n${clinic.name}急诊电话：${clinic.emergencyPhone}。\n我们已通知值班同事优先联系您。`,
  nonText: {
    image: '收到您的图片啦，我暂时还看不懂图片，已转给客服同事查看，会尽快回复您。',
    voice: '收到您的语音，我暂时还听不了语音，已转给客服同事，会尽快回复您；方便的话也可以用文字描述一下。',
    sticker: '收到～ 有什么可以帮您的，可以直接用文字告诉我哦😊',
    file: '收到您发送的文件，已转给客服同事查看，会尽快回复您。',
    video: '收到您的视频，已转给客服同事查看，会尽快回复您。',
    other: '收到您的消息，已转给客服同事查看，会尽快回复您。',
  },
  clinicInfo: (clinic: ClinicView) => `${clinic.name}\n📍 地址：${clinic.address}\n🕘 时间：${clinic.hours}\n☎️ 电话：${clinic.phone}`,
  otherClinics: (clinics: ClinicView[]) => `想了解其他机构，直接发机构名称即可（${clinics.map((c) => c.shortName).join('、')}）。`,
  reportQuery: '检查报告涉及您的个人健康信息，需要核实身份后才能查询。已为您转接人工客服，请准备好就诊人姓名和就诊日期，客服同事稍后为您查询。',
  caseNotFound: (number: string) => `没有查到编号为 ${number} 的投诉记录，请核对一下编号；如需帮助可以回复“人工”。`,
  welcomeBack: (clinicName: string) => `欢迎回来！${clinicName}客服一直在这里，有任何需要随时给我们留言😊`,
  turnFailed: '非常抱歉，系统刚才出了点小状况，没能处理好您的这条消息🙏',
  tooManyMisunderstandings: '抱歉，我好像一直没能理解您的问题，已为您转接人工客服。',
}
