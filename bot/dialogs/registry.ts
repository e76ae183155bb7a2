import type { Intent } from '../../core/nlu/intents.ts'
import { appointmentDialog } from './appointment.ts'
import { appointmentChangeDialog, asksToChangeAppointment } from './appointment-change.ts'
import { complaintDialog } from './complaint.ts'
import { complaintReturnVisitDialog } from './complaint-return-visit.ts'
import type { Dialog } from './dialog.ts'
import { ratingDialog } from './rating.ts'
import { surveyDialog } from './survey.ts'

/** Every dialog, by name: a conversation's saved dialog is resumed through this list. */
export const dialogsByName: Record<string, Dialog> = Object.fromEntries([appointmentDialog, appointmentChangeDialog, complaintDialog, complaintReturnVisitDialog, surveyDialog, ratingDialog].map((dialog) => [dialog.name, dialog]))

/** The intents that open a dialog; other intents get a one-turn answer. (Proactive dialogs, such as a survey, are started by their sender.) */
export const dialogForIntent: Partial<Record<Intent, Dialog>> = {
  appointment: appointmentDialog,
  complaint: complaintDialog,
}

/** The dialog a message opens: 改约 / 取消 of a booking is told by its words, whatever the intent. */
export function dialogFor(intent: Intent, text: string): Dialog | undefined {
  if (asksToChangeAppointment(text)) return appointmentChangeDialog
  return dialogForIntent[intent]
}
