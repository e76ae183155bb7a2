export const INTENTS = [
  'greeting',
  'complaint',
  'human_agent',
  'coupon_query',
  'points_query',
  'appointment',
  'report_query',
  'clinic_info',
  'opt_out',
  'thanks',
  'emergency',
  'other',
] as const

export type Intent = (typeof INTENTS)[number]

export function isIntent(value: unknown): value is Intent {
  return typeof value === 'string' && (INTENTS as readonly string[]).includes(value)
}

export type PartOfDay = 'morning' | 'noon' | 'afternoon' | 'evening'

export interface Slots {
  /** Mainland mobile number, 11 digits. */
  phone?: string
  /** Complaint case number: clinic code + YYYY + MM + sequence, upper case (BJ0120261103). */
  caseNumber?: string
  /** Yuan. */
  amount?: number
  /** YYYY-MM-DD in Asia/Shanghai. */
  date?: string
  /** HH:mm, 24 h. */
  time?: string
  partOfDay?: PartOfDay
  /** Code of the clinic mentioned, from the caller's clinic list. */
  clinic?: string
}

export interface ClinicRef {
  code: string
  name: string
  aliases?: string[]
}

export interface NluContext {
  now: Date
  clinics?: ClinicRef[]
}

export interface ScoredIntent {
  intent: Intent
  confidence: number
}

export interface NluResult {
  intent: Intent
  /** 0..1; clear cases are at least 0.8. */
  confidence: number
  slots: Slots
  /** Other likely intents, most likely first. */
  alternatives?: ScoredIntent[]
  /** The customer sounds angry; the bot escalates. */
  angry: boolean
  /** Small talk outside the clinic's business (jokes, weather, food…): understood, answered with what the bot can do. */
  offTopic?: boolean
}

export type NluSource = 'local' | 'llm'
export type ParsedMessage = NluResult & { source: NluSource }

/** What understands a customer's message (bot/nlu builds it; the server is handed one by the wiring). */
export interface Nlu {
  parse(text: string, ctx: NluContext): Promise<ParsedMessage>
}
