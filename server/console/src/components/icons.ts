/** A few line icons (24×24, stroked) for the menu; add one here when a page needs it. */
export const ICONS = {
  dashboard: 'M3 13h8V3H3zM13 21h8V11h-8zM3 21h8v-6H3zM13 9h8V3h-8z',
  chat: 'M4 5h16v11H9l-5 4zM8 9h8M8 12h5',
  ticket: 'M3 7h18v3a2 2 0 0 0 0 4v3H3v-3a2 2 0 0 0 0-4zM14 7v10',
  users: 'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM1 21c0-4 4-6 8-6s8 2 8 6M17 3.5a4 4 0 0 1 0 7M19 15c2.5.7 4 2.7 4 6',
  phone: 'M7 2h10v20H7zM11 18h2',
  settings: 'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19 12l2-1-1-3-2 .3-1.3-1.3.3-2-3-1-1 2h-2l-1-2-3 1 .3 2L6 6.3 4 6 3 9l2 1v2l-2 1 1 3 2-.3 1.3 1.3-.3 2 3 1 1-2h2l1 2 3-1-.3-2 1.3-1.3 2 .3 1-3z',
  alert: 'M12 3l10 18H2zM12 10v5M12 18v.5',
  megaphone: 'M3 10v4h4l8 5V5L7 10zM18 9a4 4 0 0 1 0 6',
  survey: 'M6 3h12v18H6zM9 8h6M9 12h6M9 16h3',
  booking: 'M4 5h16v16H4zM4 10h16M8 3v4M16 3v4M9 15l2 2 4-4',
  bell: 'M6 8a6 6 0 0 1 12 0c0 7 3 8 3 8H3s3-1 3-8zM10 20a2 2 0 0 0 4 0',
  heart: 'M12 20s-7-4.4-9-9a4.8 4.8 0 0 1 9-3 4.8 4.8 0 0 1 9 3c-2 4.6-9 9-9 9z',
  calendar: 'M4 5h16v16H4zM4 10h16M8 3v4M16 3v4M8 14h2M14 14h2M8 17h2',
  logout: 'M15 4h4v16h-4M10 8l-4 4 4 4M6 12h10',
  quality: 'M4 20V10M10 20V4M16 20v-7M22 20H2',
} as const

export type IconName = keyof typeof ICONS
