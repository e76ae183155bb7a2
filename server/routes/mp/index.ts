import type { ServerDeps } from '../../app.ts'
import { mpAccountRoutes } from './account.ts'
import { mpBookingRoutes } from './bookings.ts'
import { mpCardRoutes } from './card.ts'
import { mpComplaintRoutes } from './complaints.ts'
import { mpSurveyGiftRoutes } from './surveys-gifts.ts'

/** /api/mp/*: the member mini program's API, on member tokens only. */
export const mpRoutes = (deps: ServerDeps) => [...mpAccountRoutes(deps), ...mpCardRoutes(deps), ...mpBookingRoutes(deps), ...mpComplaintRoutes(deps), ...mpSurveyGiftRoutes(deps)]
