/** What /api/mp/* answers, as the pages read it (notes/mp-contract.md). */
export interface MpClinic {
  code: string
  name: string
  shortName: string
  kind: 'eye' | 'dental' | 'aesthetic'
  phone: string
  emergencyPhone: string
  address: string
  hours: string
  location: { latitude: number; longitude: number } | null
}

export interface MpMember {
  id: string
  name: string
  phoneMasked: string | null
  tier: 'A' | 'B' | 'C' | 'D'
  tierName: string
  benefits: string[]
  points: number
  optedOut: boolean
  joinedAt: string | null
  clinic: MpClinic | null
}

export interface MpCoupon {
  code: string
  name: string
  amount: number
  threshold: number
  productScope?: string | null
  status: 'usable' | 'used' | 'expired'
  expiresAt: string
  redeemedAt: string | null
}

export interface MpAppointment {
  id: string
  clinicName: string
  day: string
  time: string | null
  partOfDay: string | null
  at: string | null
  name: string
  phoneMasked: string
  status: string
  statusText: string
  cancellable?: boolean
}

export interface MpCase {
  number: string
  clinicName: string
  status: string
  statusText: string
  receivedAt: string
  firstContactDueAt: string
  firstContacted: boolean
  closeDueAt: string | null
  closedAt: string | null
  description: string
  photoCount: number
}

export interface MpQuestion {
  id: string
  kind: 'score' | 'choice' | 'text'
  text: string
  options?: Array<{ id: string; label: string }>
  answered: boolean
}

export interface MpSurvey {
  id: string
  name: string
  intro: string
  clinicName: string
  visitDay: string
  expiresAt: string | null
  questions: MpQuestion[]
}

export interface MpGift {
  id: string
  name: string
  description: string
  pointsCost: number
  stock: number
}
