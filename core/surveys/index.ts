/** What other areas (the bot, the mini program, the console's routes) use of surveys. */
export { answerSurvey, surveyProgress, pendingQuestion, LOW_SCORE, type AnswerOutcome, type SurveyProgress } from './answers.ts'
export { nudge } from './delivery.ts'
export { SURVEY_DIALOG, SURVEY_DIALOG_MINUTES, newSurveyState, type SurveyDialogState } from './dialog-state.ts'
export { questionPrompt, surveyCopy } from './copy.ts'
export { isProblemComment } from './sentiment.ts'
export { surveyJobs } from './jobs.ts'
export { surveyModels } from './model.ts'
