/**
 * Every page of the console, in menu order, with the roles that may open it. The router is built
 * from this list and the menu shows each member only what they may open, so adding a page is one
 * file under pages/ and one entry here. The API refuses the same roles on its side.
 */
import type { Component } from 'vue'
import type { IconName } from './components/icons.ts'
import type { Role } from './roles.ts'

export interface ConsolePage {
  /** Route path; `:id`-style params for detail pages. */
  path: string
  /** Menu and window title. */
  title: string
  /** Who may open it: roles, any logged-in staff ('staff'), or anyone without logging in ('public'). */
  roles: readonly Role[] | 'staff' | 'public'
  component: () => Promise<Component | { default: Component }>
  icon?: IconName
  /** false for pages reached by a link (detail pages), not from the menu. */
  menu?: boolean
}

/** The same lists the API's routes use (server/routes/*.ts). */
const CHAT_ROLES: readonly Role[] = ['agent', 'supervisor', 'admin']
const MEMBER_READ_ROLES: readonly Role[] = ['agent', 'supervisor', 'director', 'marketing', 'admin']
const MEMBER_RECORD_ROLES: readonly Role[] = [...MEMBER_READ_ROLES, 'medical']
const REDEEM_ROLES: readonly Role[] = ['agent', 'supervisor', 'admin']

export const pages: ConsolePage[] = [
  { path: '/dashboard', title: '工作台', icon: 'dashboard', roles: 'staff', component: () => import('./pages/DashboardPage.vue') },
  { path: '/inbox', title: '会话', icon: 'chat', roles: CHAT_ROLES, component: () => import('./pages/InboxPage.vue') },
  // Appointments: the API's READERS (server/routes/appointments.ts); directors read, agents and supervisors act.
  { path: '/appointments', title: '预约', icon: 'booking', roles: ['agent', 'supervisor', 'director'], component: () => import('./pages/AppointmentsPage.vue') },
  { path: '/counter', title: '核销', icon: 'ticket', roles: REDEEM_ROLES, component: () => import('./pages/CounterPage.vue') },
  { path: '/members', title: '会员', icon: 'users', roles: MEMBER_READ_ROLES, component: () => import('./pages/MembersPage.vue') },
  { path: '/members/:id', title: '会员档案', roles: MEMBER_RECORD_ROLES, menu: false, component: () => import('./pages/MembersProfilePage.vue') },
  // Complaints: CASE_READERS (core/complaints/access.ts); admins manage accounts, not cases. Surveys: the report's SURVEY_MANAGERS.
  { path: '/complaints', title: '投诉', icon: 'alert', roles: ['agent', 'supervisor', 'director', 'medical'], component: () => import('./pages/ComplaintsPage.vue') },
  { path: '/complaints/:id', title: '投诉案件', roles: ['agent', 'supervisor', 'director', 'medical'], menu: false, component: () => import('./pages/ComplaintDetailPage.vue') },
  { path: '/surveys', title: '满意度回访', icon: 'survey', roles: ['supervisor', 'director', 'admin'], component: () => import('./pages/SurveysPage.vue') },
  // Broadcasts and care: the roles of server/routes/broadcasts.ts and care-programmes.ts (care tasks also for agents); the pages hide what a role may only read.
  { path: '/broadcasts', title: '群发', icon: 'megaphone', roles: ['marketing', 'admin', 'director', 'supervisor'], component: () => import('./pages/BroadcastsPage.vue') },
  { path: '/broadcasts/:id', title: '群发详情', roles: ['marketing', 'admin', 'director', 'supervisor'], menu: false, component: () => import('./pages/BroadcastDetailPage.vue') },
  { path: '/care', title: '关怀计划', icon: 'heart', roles: ['marketing', 'admin', 'director', 'supervisor', 'agent'], component: () => import('./pages/CarePage.vue') },
  // Service quality: QUALITY_READERS (core/quality/access.ts); agents see their own row and reviews.
  { path: '/quality', title: '服务质量', icon: 'quality', roles: ['agent', 'supervisor', 'director', 'qa', 'admin'], component: () => import('./pages/QualityPage.vue') },
  { path: '/simulator', title: '模拟器', icon: 'phone', roles: 'public', component: () => import('./pages/SimulatorPage.vue') },
  { path: '/calendar', title: '节假日', icon: 'calendar', roles: ['admin'], component: () => import('./pages/CalendarPage.vue') },
  { path: '/settings', title: '设置', icon: 'settings', roles: ['admin'], component: () => import('./pages/SettingsPage.vue') },
]

export function mayOpen(page: Pick<ConsolePage, 'roles'>, myRoles: readonly Role[] | null): boolean {
  if (page.roles === 'public') return true
  if (!myRoles) return false
  if (page.roles === 'staff') return true
  const allowed = page.roles
  return myRoles.some((role) => allowed.includes(role))
}

export function menuFor(myRoles: readonly Role[] | null): ConsolePage[] {
  return pages.filter((page) => page.menu !== false && mayOpen(page, myRoles))
}

/** Where a member lands after logging in: the first page of their menu. */
export function homeFor(myRoles: readonly Role[] | null): string {
  return menuFor(myRoles)[0]?.path ?? '/simulator'
}
