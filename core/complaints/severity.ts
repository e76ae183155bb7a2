/**
 * Severity levels (处分级别) and fines, from the seed's 处分级别及惩罚标准 (domain.md §4).
 * The system proposes a level from the money involved; the person classifying the case decides (step 4).
 */
export const SEVERITY_LEVELS = ['I', 'II', 'III', 'IV', 'V'] as const
export type Severity = (typeof SEVERITY_LEVELS)[number]

export const SEVERITY_NAMES: Record<Severity, string> = {
  I: 'I级 书面警告',
  II: 'II级 记小过',
  III: 'III级 记大过',
  IV: 'IV级 停职查看',
  V: 'V级 辞退',
}

export const SEVERITY_MEANINGS: Record<Severity, string> = {
  I: 'no direct loss; service compensation, no refund',
  II: 'direct loss, refund, amount below 20,000 yuan',
  III: 'loss and damage to reputation, 20,000–50,000 yuan',
  IV: 'loss, reputation, compensation, above 50,000 yuan',
  V: 'serious medical or safety accident, death',
}

export interface Fines {
  /** fine of the responsible person (责任人), yuan */
  responsibleYuan: number
  /** fine of their supervisor (上级主管), yuan */
  supervisorYuan: number
}

const FINES: Record<Severity, Fines> = {
  I: { responsibleYuan: 50, supervisorYuan: 100 },
  II: { responsibleYuan: 200, supervisorYuan: 400 },
  III: { responsibleYuan: 300, supervisorYuan: 600 },
  IV: { responsibleYuan: 500, supervisorYuan: 1000 },
  V: { responsibleYuan: 1000, supervisorYuan: 2000 },
}

export function finesFor(level: Severity): Fines {
  return { ...FINES[level] }
}

export interface SeverityFlags {
  medicalAccident?: boolean
  death?: boolean
  reputationDamage?: boolean
}

const FEN_20_000_YUAN = 20_000 * 100
const FEN_50_000_YUAN = 50_000 * 100

/**
 * The proposed level for the refund/compensation amount (fen): none → I; below 20,000 yuan → II;
 * 20,000–50,000 → III; above 50,000 → IV; a serious medical/safety accident or a death → V.
 * The seed ties III and IV to reputation damage as well as the amount; the amount alone decides here
 * and reputation damage with money lifts a II to III, because the amount bands are what staff can check.
 */
export function proposeSeverity(amountFen: number, flags: SeverityFlags = {}): Severity {
  if (flags.death || flags.medicalAccident) return 'V'
  if (!(amountFen > 0)) return 'I'
  if (amountFen > FEN_50_000_YUAN) return 'IV'
  if (amountFen >= FEN_20_000_YUAN) return 'III'
  return flags.reputationDamage ? 'III' : 'II'
}
