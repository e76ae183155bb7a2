import type { Figure } from '../figure.ts'
import { apiMemberGet } from './api_member_get.ts'
import { botTurn } from './bot_turn.ts'
import { broadcastPlan } from './broadcast_plan.ts'
import { complaintNumbers } from './complaint_numbers.ts'
import { dispatchRate } from './dispatch_rate.ts'
import { inboundRate } from './inbound_rate.ts'
import { nluRate } from './nlu_rate.ts'
import { rss100k } from './rss_100k.ts'
import { surveyPlan } from './survey_plan.ts'
import { surveyReportFigure } from './survey_report.ts'
import { welcome } from './welcome.ts'
import { writeById } from './write_by_id.ts'

/** Every figure, in the table's order. */
export const FIGURES: Figure[] = [writeById, botTurn, inboundRate, nluRate, broadcastPlan, dispatchRate, surveyPlan, surveyReportFigure, apiMemberGet, rss100k, complaintNumbers, welcome]
