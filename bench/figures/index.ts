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

/** Every figure, in the table's order (issue #20's table): what it measures, its target, and the file that runs it. */
export const FIGURES: Figure[] = [
  { id: 'write_by_id', title: 'updateOne by _id at 20,000 documents vs the same at 1,000', target: { ratioAtMost: 2 }, run: writeById },
  { id: 'bot_turn', title: 'customer text in → reply in the outbox, 2,000 turns of 200 simulated customers (p99; the baseline: an insert and a find by _id)', target: { ratioAtMost: 3 }, run: botTurn },
  { id: 'inbound_rate', title: 'sustained inbound messages/s, 200 customers chatting at once, vs the raw insert rate', target: { ratioAtLeast: 0.5 }, run: inboundRate },
  { id: 'nlu_rate', title: 'intent classification, local model, one core', target: { valueAtLeast: 20_000 }, run: nluRate },
  { id: 'broadcast_plan', title: 'planning a broadcast to 100,000 members (delivery rows written) vs a bare insertMany of as many rows', target: { ratioAtMost: 1.5, valueBelow: 10 }, run: broadcastPlan },
  { id: 'dispatch_rate', title: 'outbox dispatch at a configured 50 msg/s for 60 s (stand-in channel)', target: { ratioAtLeast: 0.95, ratioAtMost: 1.05, also: ['0 duplicates'] }, run: dispatchRate },
  { id: 'survey_plan', title: "survey planning for one day of 82,000 visits vs a bare insertMany of the invitations", target: { ratioAtMost: 1.5 }, run: surveyPlan },
  { id: 'survey_report', title: "the day's survey report vs one cursor pass over its invitations", target: { ratioAtMost: 3 }, run: surveyReportFigure },
  { id: 'api_member_get', title: 'GET /api/members/:id requests/s, 32 concurrent clients, vs a bare Koa handler doing the findOne', target: { ratioAtLeast: 0.6 }, run: apiMemberGet },
  { id: 'rss_100k', title: 'peak RSS of the app with 100,000 members and 1,000 open conversations', target: { valueBelow: 400 }, run: rss100k },
  { id: 'complaint_numbers', title: '1,000 concurrent complaint intakes (fileComplaint) at one clinic', target: { also: ['no duplicate', 'no gap'] }, run: complaintNumbers },
  { id: 'welcome', title: "add-contact event in → welcome with coupon handed to the channel, p99 over 500 adds (vs WeCom's 20 s welcome-code window)", target: { valueBelow: 2000 }, run: welcome },
]
