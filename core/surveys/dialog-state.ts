/**
 * The survey's dialog state as it is saved on the conversation. Core writes it when a survey is
 * sent or picked up again (jobs); the bot's survey dialog (bot/dialogs/survey.ts) advances it.
 */
export const SURVEY_DIALOG = 'survey'

/** The survey dialog stays the chat's dialog while the invitation is open (48 h). */
export const SURVEY_DIALOG_MINUTES = 48 * 60

export interface SurveyDialogState {
  invitationId: string
  /** The pending question as last shown, so a reminder can repeat it without reading the database. */
  prompt: string
  reprompts: number
  /** A comment described a problem: at the end the bot offers to file a complaint. */
  problemDescribed: boolean
  /** `closed`: over; only kept until the chat's next message, should the pipeline have set it aside. */
  phase: 'questions' | 'complaint_offer' | 'closed'
  /** When the complaint offer was made (ISO); a "yes" long after it is not taken as an answer. */
  offeredAt?: string
}

export function newSurveyState(invitationId: string, prompt: string): SurveyDialogState {
  return { invitationId, prompt, reprompts: 0, problemDescribed: false, phase: 'questions' }
}

interface DialogSlot {
  name?: string | null
  state?: unknown
  expiresAt?: Date | null
}

/** Whether a saved dialog slot holds this invitation's survey. */
export function holdsSurvey(slot: DialogSlot | null | undefined, invitationId: string): boolean {
  return slot?.name === SURVEY_DIALOG && (slot.state as Partial<SurveyDialogState> | undefined)?.invitationId === invitationId
}

/** A dialog the pipeline would still resume (not timed out). */
export function isLive(slot: DialogSlot | null | undefined, now: Date): boolean {
  return Boolean(slot?.name && slot.expiresAt && new Date(slot.expiresAt) >= now)
}
