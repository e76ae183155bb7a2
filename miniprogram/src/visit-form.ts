import { clinicChoices } from './clinics'
import { todayInBeijing } from './dates'
import { me } from './member'
import type { MpClinic, MpMember } from './views'

interface FormPage {
  setData(data: Record<string, unknown>): void
}

/**
 * What the booking and the feedback forms share, on the page data clinics, clinicIndex, today, day and
 * time: the clinic picker and a day picker bounded by today (from it for a booking, up to it for a
 * complaint), with a time.
 */
export const visitPickers = {
  onClinic(this: FormPage, e: WechatMiniprogram.PickerChange) {
    this.setData({ clinicIndex: Number(e.detail.value) })
  },
  onDay(this: FormPage, e: WechatMiniprogram.PickerChange) {
    this.setData({ day: String(e.detail.value) })
  },
  onTime(this: FormPage, e: WechatMiniprogram.PickerChange) {
    this.setData({ time: String(e.detail.value) })
  },
}

/** Sets today for the day picker; the member (null before a phone is bound) and the clinics to pick, their home clinic first. */
export async function openVisitForm(page: FormPage): Promise<{ member: MpMember | null; clinics: MpClinic[] }> {
  page.setData({ today: todayInBeijing() })
  const member = await me()
  return { member, clinics: await clinicChoices(member?.clinic?.code) }
}
