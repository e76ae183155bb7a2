import type { ClinicView } from '../../core/clinics/service.ts'
import type { ConversationDoc } from '../../core/conversations/model.ts'
import type { EscalationRequest } from '../../core/conversations/service.ts'
import type { Deps } from '../../platform/deps.ts'
import type { NluResult } from '../../core/nlu/intents.ts'

export interface DialogContext {
  deps: Deps
  conversation: ConversationDoc
  memberId: string | null
  /** The clinic whose account the customer talks to (or their home clinic). */
  clinic: ClinicView
  clinics: ClinicView[]
  now: Date
  /** The customer message being answered: keys what this turn creates, so a redelivery creates nothing twice. */
  inboundMessageId: string
}

export interface DialogTurn<S = unknown> {
  replies: string[]
  /** The state to continue with, or null when the dialog is over. */
  state: S | null
  /** Hand the chat to a person after these replies. */
  escalate?: EscalationRequest
  /**
   * The message is not for this dialog (a question or a complaint in the middle of a survey):
   * the pipeline answers it as a fresh message and keeps this dialog's state for later.
   */
  passThrough?: boolean
}

/**
 * A multi-turn flow. Its state lives on the conversation in the database, so a restart
 * mid-dialog continues where it was. Later areas (complaint intake, survey answers) add dialogs.
 */
export interface Dialog<S = any> {
  name: string
  /** Minutes of silence after which the dialog is dropped. */
  timeoutMinutes: number
  start(ctx: DialogContext, text: string, nlu: NluResult): Promise<DialogTurn<S>>
  resume(ctx: DialogContext, state: S, text: string, nlu: NluResult): Promise<DialogTurn<S>>
  /** Said when the dialog picks up again after another one that interrupted it finished. */
  reminder?(ctx: DialogContext, state: S): string
}
