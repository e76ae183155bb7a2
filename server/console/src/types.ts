/** The API's shapes as the console reads them (see GET /api/openapi.json). */
import type { DeliveryCounts } from '../../../core/broadcasts/deliveries.ts'
import type { Role } from './roles.ts'

/** The views the API presents, as core defines them (type-only: nothing of the server is bundled). */
export type { ConversationView as Conversation } from '../../../core/conversations/service.ts'
export type { AppointmentView as Appointment } from '../../../core/appointments/service.ts'
export type { AppointmentStatus } from '../../../core/appointments/model.ts'

export interface ConversationMessage {
  id: string
  direction: 'in' | 'out'
  from: 'customer' | 'bot' | 'agent' | 'system'
  type: string
  text: string
  intent: string | null
  agentName: string | null
  deliveryStatus: string | null
  handling: 'pending' | 'handled' | 'failed' | null
  at: string
}

export interface Member {
  id: string
  status: string
  name: string
  phone: string | null
  birthday: string | null
  category: string | null
  clinicCode: string
  tier: 'A' | 'B' | 'C' | 'D'
  tierName: string
  points: number
  tags: string[]
  notes: string
  optedOut: boolean
  joinedAt: string
  joinChannel: string | null
  familyMembers: Array<{ name: string; relation: string; birthday: string | null }>
}

export interface Coupon {
  id: string
  code: string
  memberId: string
  campaign: string
  productScope: string
  amount: number
  threshold: number
  status: 'issued' | 'redeemed' | 'expired' | 'void'
  issuedAt: string
  expiresAt: string
  redeemedAt: string | null
  orderAmount: number | null
}

export interface Visit {
  id: string
  externalId: string
  clinicCode: string
  visitedAt: string
  type: 'no_spend' | 'non_surgical' | 'surgical'
  amount: number
}

export interface LedgerEntry {
  id: string
  deltaPoints: number
  balanceAfter: number
  kind: 'earn' | 'adjust' | 'spend' | 'expire'
  reason: string
  at: string
}

export interface Clinic {
  code: string
  name: string
  shortName: string
  kind: string
  region: 'local' | 'remote'
  phone: string
  emergencyPhone: string
  address: string
  hours: string
}

export interface Staff {
  id: string
  username: string
  name: string
  roles: Role[]
  clinicCodes: string[]
  active: boolean
}

export interface Job {
  name: string
  cron: string
  description: string
  /** Photos the member attached in the mini program. */
  photoIds?: string[]
  nextRunAt: string | null
  lastRun: { startedAt: string; finishedAt: string | null; ok: boolean | null; result: unknown; error: string | null } | null
}

export interface ChannelStatus {
  kind: string
  account: string | null
  state: 'starting' | 'waiting_for_scan' | 'logged_in' | 'logged_out' | 'error' | 'stopped' | 'unknown'
  qr: string | null
  detail: string | null
}

export interface SandboxLine {
  from: 'customer' | 'bot' | 'agent'
  text: string
  at: string
}

export type BroadcastStatus = 'draft' | 'awaiting_approval' | 'scheduled' | 'running' | 'paused' | 'completed' | 'cancelled'

export interface Audience {
  tiers?: Array<'A' | 'B' | 'C' | 'D'>
  categories?: string[]
  clinicCodes?: string[]
  tags?: string[]
  birthdayToday?: boolean
}

/** An image, or a mini-program card, sent after the text where the recipient's channel can carry it. */
export type BroadcastAttachment = { kind: 'image'; url: string } | { kind: 'mini_program'; appId: string; pagePath: string; title: string; thumbUrl: string }

export interface Broadcast {
  id: string
  name: string
  status: BroadcastStatus
  text: string
  variantB: { text: string } | null
  attachment: BroadcastAttachment | null
  audience: Audience
  sendAt: string | null
  recurrence: { weekday: number; time: string } | null
  nextRunAt: string | null
  audienceCount: number
  approvalRequired: boolean
  createdBy: string
  createdByName: string
  approvedBy: string | null
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
}

/** GET /api/broadcasts/:id: the broadcast with the live figures of its current (or last) run. */
export interface BroadcastProgress extends Broadcast, DeliveryCounts {
  runId: string | null
}

export interface BroadcastPreview {
  audienceCount: number
  attachment: BroadcastAttachment | null
  /** textOnly: reached, but their channel cannot carry the attachment, so they get the text alone. */
  routes: { send: number; massTask: number; skip: number; textOnly: number; skipReasons: Record<string, number> }
  channels: Array<{ channel: string; send: number; massTask: number; skip: number; textOnly: number; carriesAttachment: boolean | null }>
  samples: Array<{ memberId: string; name: string; variant: 'A' | 'B' | null; route: 'send' | 'mass_task' | 'skip'; channel: string | null; text: string }>
}

export interface BroadcastDelivery {
  id: string
  runId: string
  memberId: string
  memberName: string
  channel: string | null
  route: 'send' | 'mass_task' | 'skip'
  status: string
  reason: string | null
  variant: 'A' | 'B' | null
  text: string
  attachment: BroadcastAttachment | null
  attachmentStatus: 'with_text' | 'text_only' | 'failed' | null
  attachmentReason: string | null
  notBefore: string | null
  settledAt: string | null
}

export type CareProgrammeKey = 'day1' | 'month1' | 'month3' | 'friday' | 'season' | 'holiday' | 'birthday'

export interface CareProgramme {
  key: CareProgrammeKey
  name: string
  when: string
  enabled: boolean
  texts: Record<string, string>
  library: string[] | null
  nextDates: Array<{ day: string; key: string; name: string }>
  updatedAt: string | null
  updatedBy: string | null
}

export interface CareTask {
  id: string
  kind: 'birthday_gift'
  memberId: string
  memberName: string
  tier: string
  clinicCode: string
  day: string
  celebrant: { kind: 'member' | 'family'; name: string | null; relation: string | null }
  optedOut: boolean
  status: 'open' | 'done'
  createdAt: string
  doneAt: string | null
  doneByName: string | null
  note: string | null
}
