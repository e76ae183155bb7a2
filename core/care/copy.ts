/**
 * The care schedule's customer-facing Chinese (domain §3, 会员维护): the default texts of each
 * programme, editable by marketing through PUT /api/care-programmes/:key. Placeholders:
 * {{name}}, {{tier}}, {{clinic}} everywhere; {{offers}} in month 3; {{relation}}, {{familyName}}
 * in a family member's birthday.
 */
import type { CareDateKey } from '../calendar/index.ts'

export const DAY1_TEXT =
  '感谢您成为{{clinic}}的会员！今后有任何健康上的疑问，直接在这里留言就能找到我们；需要人工服务时，回复“转人工”即可。您的关注礼优惠券已经放进会员账户，回复“优惠券”就能查看，别忘了领取使用哦。'

export const MONTH1_TEXT = '您加入我们已经一个月啦！想听听您的感受：就诊和服务体验还满意吗？有什么建议或不便，直接回复告诉我们，每一条我们都会认真记录、用心改进。'

export const MONTH3_TEXT = '感谢您三个月来的信任与陪伴！近期的会员优惠：{{offers}}。有任何需要，随时在这里告诉我们。'

/** Month 3 when no coupon campaign is open: the offers line reads this instead. */
export const MONTH3_NO_OFFERS = '会员专属活动会第一时间在这里通知您，敬请留意'

/** 每周五: health and beauty tips (eyes, teeth, skin), blessings, a light joke, regards — rotated per member. */
export const FRIDAY_LIBRARY: readonly string[] = [
  '又到周五啦！看屏幕时记得“20-20-20”：每看20分钟，就望向6米外的远处20秒，给眼睛放个小假。祝您周末愉快！',
  '周五小贴士：刷牙用巴氏刷牙法，每次至少两分钟，睡前刷完牙就别再吃东西啦。周末也要好好护牙哦！',
  '出门别忘了防晒，阴天的紫外线也不少；多喝水、早点睡，皮肤会悄悄变好。祝您周末轻松自在！',
  '一周辛苦啦！愿您周末吃得香、睡得好、心情美，和家人共享温馨时光。',
  '周五来个小笑话：医生问：“最近睡得好吗？”病人说：“挺好，就是闹钟老打扰我。”今晚早点睡，让闹钟也放个假吧！',
  '好久没聊天啦，最近身体还好吗？如有任何不适或疑问，随时在这里告诉我们，我们一直都在。',
  '给家长的小提醒：孩子读书写字要做到“一拳一尺一寸”，每天户外活动两小时，是预防近视的好办法。周末带孩子出去走走吧！',
  '牙线比牙签更温和，每天用一次，能清洁牙缝里刷不到的地方。小习惯，大健康！',
  '换季时皮肤容易干燥敏感，洗脸水温别太高，保湿要做足。愿您周末舒舒服服、美美的！',
  '周末愉快！愿您每一天都有好心情，健康常伴，笑容常在。',
]

export const SEASON_TEXTS: Record<'lichun' | 'lixia' | 'liqiu' | 'lidong', string> = {
  lichun: '今日立春，万物复苏。早晚温差大，春捂防感冒；花粉季节，过敏体质的朋友外出记得戴好口罩和眼镜。',
  lixia: '今日立夏，天气渐热。注意防晒补水、饮食清淡；空调别开太低，护眼护肤两不误。',
  liqiu: '今日立秋，秋燥渐起。多喝温水，多吃梨、百合等润燥的食物，眼睛和皮肤都要注意保湿。',
  lidong: '今日立冬，天寒添衣。注意保暖，室内常通风；暖气房里空气干燥，记得给眼睛和皮肤补补水。',
}

export const HOLIDAY_TEXTS: Record<'spring_festival' | 'dragon_boat' | 'mid_autumn' | 'double_ninth' | 'christmas', string> = {
  spring_festival: '新春佳节，{{clinic}}全体医护人员给您拜年啦！祝您和家人新年快乐、身体健康、万事如意！',
  dragon_boat: '端午安康！粽叶飘香，愿您和家人平安喜乐。粽子虽好可别贪多，肠胃和血糖都要照顾好哦。',
  mid_autumn: '月圆人团圆，中秋快乐！愿您和家人团团圆圆、幸福安康。',
  double_ninth: '九九重阳，敬老爱老。祝家中长辈福寿安康，也提醒长辈们定期做眼部和口腔检查。',
  christmas: '圣诞快乐！愿这个冬天温暖又美好，平安喜乐常伴您左右。',
}

export const BIRTHDAY_TEXTS = {
  member: '今天是您的生日，{{clinic}}全体医护人员祝您生日快乐、健康美丽！我们为您准备了一份生日心意，专属客服会和您联系。',
  family: '今天是您{{relation}}{{familyName}}的生日，{{clinic}}祝{{familyName}}生日快乐、福寿安康！我们准备了一份小小心意，专属客服会和您联系。',
}

export type HolidayKey = keyof typeof HOLIDAY_TEXTS
export type SeasonKey = keyof typeof SEASON_TEXTS
export const HOLIDAY_KEYS = Object.keys(HOLIDAY_TEXTS) as HolidayKey[]
export const SEASON_KEYS = Object.keys(SEASON_TEXTS) as SeasonKey[]
export const isHolidayKey = (key: CareDateKey): key is HolidayKey => (HOLIDAY_KEYS as string[]).includes(key)
export const isSeasonKey = (key: CareDateKey): key is SeasonKey => (SEASON_KEYS as string[]).includes(key)

/**
 * One greeting for all of a member's programmes that day: the salutation once, each programme's
 * text as a paragraph, the clinic's name once — never two messages on the same day.
 */
export function composeGreeting(name: string, clinicName: string, bodies: string[]): string {
  const salutation = name.trim() ? `${name.trim()}，您好！` : '您好！'
  return [salutation, ...bodies, `—— ${clinicName}`].join('\n')
}
