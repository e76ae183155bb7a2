/** How the console shows the care schedule (domain §3, 会员维护): who gets each programme, its text slots and their placeholders. */
import type { CareProgrammeKey } from './types.ts'

/** The API describes each programme's audience in English (for integrators); staff read this. */
export const PROGRAMME_WHEN: Record<CareProgrammeKey, string> = {
  day1: '全体会员，加入后第二天：感谢加入、告知联系方式、提醒领取关注礼',
  month1: '全体会员，加入满一个月：问问就诊和服务体验，顾客的回复保留在会话里',
  month3: '全体会员，加入满三个月：问候并附上当天开放的优惠活动',
  friday: '全体会员，每周五 10:00：从问候库轮换一条，同一位会员不会连续收到同一条',
  season: '全体会员，立春、立夏、立秋、立冬当天',
  holiday: '全体会员，春节、端午、中秋、重阳（农历）及圣诞当天',
  birthday: 'VIP、金卡会员本人生日，以及 VIP 会员家人的生日；同时生成贺卡/礼物任务，由员工跟进',
}

export const SLOT_LABELS: Record<string, string> = {
  text: '问候语',
  noOffers: '无优惠活动时',
  lichun: '立春',
  lixia: '立夏',
  liqiu: '立秋',
  lidong: '立冬',
  spring_festival: '春节',
  dragon_boat: '端午节',
  mid_autumn: '中秋节',
  double_ninth: '重阳节',
  christmas: '圣诞节',
  member: '会员本人生日',
  family: '家人生日（VIP 会员）',
}
export const slotLabel = (slot: string) => SLOT_LABELS[slot] ?? slot

/** Placeholders every care text may use, and the extra ones of some slots (core/care/programmes.ts). */
export const CARE_PLACEHOLDERS = [
  { key: 'name', label: '会员称呼' },
  { key: 'tier', label: '会员等级' },
  { key: 'clinic', label: '所属机构' },
] as const
export const EXTRA_PLACEHOLDERS: Partial<Record<CareProgrammeKey, Record<string, Array<{ key: string; label: string }>>>> = {
  month3: { text: [{ key: 'offers', label: '当天的优惠活动' }] },
  birthday: {
    family: [
      { key: 'relation', label: '家人关系（如母亲）' },
      { key: 'familyName', label: '家人姓名' },
    ],
  },
}
export const placeholdersFor = (key: CareProgrammeKey, slot: string | null) => [...CARE_PLACEHOLDERS, ...((slot && EXTRA_PLACEHOLDERS[key]?.[slot]) || [])]

const HOLIDAY_KEYS = ['spring_festival', 'dragon_boat', 'mid_autumn', 'double_ninth', 'christmas']
export const isHoliday = (occasionKey: string) => HOLIDAY_KEYS.includes(occasionKey)

const WEEKDAY = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']
/** 周三 for 2027-09-15 (a calendar day, no time zone involved). */
export function weekdayOf(day: string): string {
  const [y, m, d] = day.split('-').map(Number)
  return WEEKDAY[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]
}
