import { planCareRun } from '../care/plan.ts'
import type { RunPlanners } from './dispatch.ts'
import { planBroadcastRun } from './plan.ts'

/** How each kind of run is planned (the dispatcher re-plans a run whose planning was cut short). */
export const RUN_PLANNERS: RunPlanners = { broadcast: planBroadcastRun, care: planCareRun }
