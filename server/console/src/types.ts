/** The API's shapes as the console reads them (see GET /api/openapi.json). */
import type { Role } from './roles.ts'

export interface Conversation {
  id: string
  channel: string
  customerName: string | null
  memberId: string | null
  clinicCode: string | null
  status: 'bot' | 'escalated' | 'agent' | 'closed'
  assignee: string | null
  assigneeName: string | null
  reason: string | null
  priority: number
  escalatedAt: string | null
  lastMessageAt: string | null
}

export interface ConversationMessage {
  id: string
  direction: 'in' | 'out'
  from: 'customer' | 'bot' | 'agent' | 'system'
  type: string
  text: string
  intent: string | null
  agentName: string | null
  deliveryStatus: string | null
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
