import { z } from 'zod'
import { listProgrammes, updateProgramme } from '../../core/care/programmes.ts'
import { careProgrammeView, careTaskDoneBody, careTaskFilters, careTaskView, updateProgrammeBody } from '../../core/care/schemas.ts'
import { completeCareTask, listCareTasks } from '../../core/care/tasks.ts'
import { pageQuery, route } from '../http/route.ts'
import type { ServerDeps } from '../app.ts'

const TASK_ROLES = ['agent', 'supervisor', 'marketing', 'admin'] as const

export const careProgrammeRoutes = (deps: ServerDeps) => [
  route({
    method: 'get',
    path: '/api/care-programmes',
    summary: 'The built-in care programmes (day1, month1, month3, friday, season, holiday, birthday) with enabled, texts and next dates',
    tag: 'care',
    access: ['marketing', 'admin', 'director', 'supervisor'],
    responses: { 200: z.object({ items: z.array(careProgrammeView), total: z.number() }) },
    handler: () => listProgrammes(deps),
  }),
  route({
    method: 'put',
    path: '/api/care-programmes/:key',
    summary: 'Switch a care programme on or off and edit its texts (friday: its rotating library)',
    tag: 'care',
    access: ['marketing', 'admin'],
    params: z.object({ key: z.string() }),
    body: updateProgrammeBody,
    responses: { 200: careProgrammeView, 400: 'Unknown text slot or placeholder', 404: 'Unknown programme' },
    handler: ({ params, body, staff }) => updateProgramme(deps, params.key, body, staff!.id),
  }),
  route({
    method: 'get',
    path: '/api/care-tasks',
    summary: 'Staff tasks from the care schedule: birthday cards and gifts for tiers A and B (and tier A’s family)',
    tag: 'care',
    access: TASK_ROLES,
    query: pageQuery.extend(careTaskFilters.shape),
    responses: { 200: z.object({ items: z.array(careTaskView), total: z.number() }) },
    handler: ({ query }) => listCareTasks(deps, query),
  }),
  route({
    method: 'post',
    path: '/api/care-tasks/:id/done',
    summary: 'Mark a care task done (the card sent, the gift handed over)',
    tag: 'care',
    access: TASK_ROLES,
    params: z.object({ id: z.string() }),
    body: careTaskDoneBody,
    responses: { 200: careTaskView, 404: 'Unknown task', 409: 'Already done' },
    handler: ({ params, body, staff }) => completeCareTask(deps, params.id, staff!, body.note),
  }),
]
