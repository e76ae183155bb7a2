/** What other areas (the bot, the mini program, surveys, jobs) use of complaints. */
export { fileComplaint, caseStatusForCustomer, openComplaintExists, complaintsOfMember, type FileComplaintInput } from './service.ts'
export { returnVisitDue, recordReturnVisit, type ReturnVisitDue } from './return-visits.ts'
export { filedReply, caseStatusReply, returnVisitQuestion, returnVisitReply } from './copy.ts'
export { proposeCategory, CATEGORIES, CATEGORY_LABELS, type Category } from './categories.ts'
export { proposeSeverity, finesFor, SEVERITY_LEVELS, type Severity } from './severity.ts'
export { botActor, staffActor, type Actor } from './access.ts'
export { complaintJobs, complaintDeadlineAlertsJob } from './jobs.ts'
export type { CaseView, CustomerCaseStatus } from './views.ts'
