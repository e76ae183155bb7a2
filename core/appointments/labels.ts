/** The booking's words, shared by the bot, the exports, the mini program and the console (plain data: no imports). */
export const APPOINTMENT_STATUS_LABELS = { requested: '待确认', confirmed: '已确认', cancelled: '已取消' } as const

export const PART_OF_DAY_LABELS = { morning: '上午', noon: '中午', afternoon: '下午', evening: '晚上' } as const

/** 上午 / 14:30 / null: the time a booking asked for, as words. */
export function askedTime(booking: { time?: string | null; partOfDay?: string | null }): string | null {
  return booking.time ?? (booking.partOfDay ? (PART_OF_DAY_LABELS[booking.partOfDay as keyof typeof PART_OF_DAY_LABELS] ?? null) : null)
}
