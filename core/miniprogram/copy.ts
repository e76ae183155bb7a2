import { maskName, maskPhone } from '../../platform/privacy.ts'
import { chineseDay, chineseDate } from '../calendar/chinese-dates.ts'
import { askedTime } from '../appointments/labels.ts'
import type { AppointmentRequestDoc } from '../appointments/model.ts'
import type { ClinicView } from '../clinics/service.ts'
import type { MemberDoc } from '../members/model.ts'


/** What staff are told (console bell and, with WeCom set up, their WeCom) about what members did in the mini program. */
export const mpNoticeCopy = {
  booking: (clinic: ClinicView, doc: AppointmentRequestDoc) => ({
    title: `小程序新预约：${clinic.shortName} ${chineseDay(doc.day)}${askedTime(doc) ? ` ${askedTime(doc)}` : ''}`,
    body: `${maskName(doc.name)}（${maskPhone(doc.phone)}）在小程序申请预约，请在工作时间内致电确认具体时间。`,
  }),
  complaint: (filed: { number: string; firstContactDueAt: string }) => ({
    title: `小程序新投诉 ${filed.number}`,
    body: `会员在小程序提交了投诉，请在${chineseDate(new Date(filed.firstContactDueAt))}前完成首次联系。`,
  }),
  gift: (giftName: string, member: Pick<MemberDoc, 'name' | 'phone'>, clinic: ClinicView | undefined) => ({
    title: `积分兑换：${giftName}`,
    body: `${maskName(member.name || '会员')}（${maskPhone(member.phone)}）在小程序兑换了「${giftName}」，将到${clinic?.shortName ?? '门店'}领取，请备好礼品。`,
  }),
}
