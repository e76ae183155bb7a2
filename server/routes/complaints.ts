import { z } from 'zod'
import { loadPhoto } from '../../core/complaints/photos.ts'
import { notFound } from '../../platform/errors.ts'
import { CASE_READERS, CASE_RECORDERS, staffActor } from '../../core/complaints/access.ts'
import { recordReturnVisit } from '../../core/complaints/return-visits.ts'
import {
  caseListItemView,
  caseNumberParams,
  caseView,
  createComplaintBody,
  firstContactBody,
  listComplaintsQuery,
  returnVisitBody,
  transitionBody,
} from '../../core/complaints/schemas.ts'
import { assignableColleagues, assignComplaint, fileComplaint, getComplaint, listComplaints, recordFirstContact, transitionComplaint } from '../../core/complaints/service.ts'
import { route } from '../http/route.ts'
import type { ServerDeps } from '../app.ts'
import { complaintReportRoutes } from './complaints-reports.ts'

export const complaintRoutes = (deps: ServerDeps) => [
  ...complaintReportRoutes(deps),
  route({
    method: 'get',
    path: '/api/complaints',
    summary: 'Complaint cases, newest first; `overdue=true`: any current deadline passed. Staff see their clinics only',
    tag: 'complaints',
    access: CASE_READERS,
    query: listComplaintsQuery,
    responses: { 200: z.object({ items: z.array(caseListItemView), total: z.number() }) },
    handler: ({ query, staff }) => listComplaints(deps, staff!, query),
  }),
  route({
    method: 'post',
    path: '/api/complaints',
    summary: 'Record a complaint taken by phone or face to face (step 1); answers the case with its number',
    tag: 'complaints',
    access: CASE_RECORDERS,
    body: createComplaintBody,
    responses: { 201: caseView, 403: 'Not one of your clinics', 422: 'Unknown clinic' },
    handler: async ({ body, staff }) => ({ status: 201, body: await fileComplaint(deps, body, staffActor(staff!)) }),
  }),
  route({
    method: 'get',
    path: '/api/complaints/:number',
    summary: 'A complaint case with its steps, audit trail and deadlines (`calendarWarning` when a deadline rests on an unpublished holiday calendar)',
    tag: 'complaints',
    access: CASE_READERS,
    params: caseNumberParams,
    responses: { 200: caseView, 404: 'Unknown case' },
    handler: ({ params, staff }) => getComplaint(deps, staff!, params.number),
  }),
  route({
    method: 'get',
    path: '/api/complaints/:number/photos/:id',
    summary: 'A photo the member attached to the case in the mini program (JPEG or PNG)',
    tag: 'complaints',
    access: CASE_READERS,
    params: z.object({ number: caseNumberParams.shape.number, id: z.string().max(24) }),
    responses: { 200: { description: 'The picture', media: ['image/jpeg', 'image/png'] }, 404: 'complaint_not_found or photo_not_found' },
    handler: async ({ params, staff, ctx }) => {
      const doc = await getComplaint(deps, staff!, params.number)
      if (!doc.photoIds.includes(params.id)) throw notFound('photo_not_found', 'No such photo on this case.')
      const photo = await loadPhoto(deps, params.id)
      ctx.set('cache-control', 'private, max-age=3600')
      ctx.type = photo.contentType
      ctx.body = photo.bytes
    },
  }),
  route({
    method: 'post',
    path: '/api/complaints/:number/transitions',
    summary: 'Complete the next step of the 11-step flow with its fields',
    tag: 'complaints',
    access: ['supervisor', 'director', 'medical'],
    params: caseNumberParams,
    body: transitionBody,
    responses: {
      200: caseView,
      403: 'Wrong role for the step, or another clinic',
      404: 'Unknown case',
      409: 'Case closed (steps 1–9) or the flow is complete',
      422: 'step_out_of_order (the message names the next step) or missing_fields (named)',
    },
    handler: ({ params, body, staff }) => transitionComplaint(deps, staff!, params.number, body),
  }),
  route({
    method: 'post',
    path: '/api/complaints/:number/first-contact',
    summary: 'Record the first contact with the patient (due within 3 working days of receipt)',
    tag: 'complaints',
    access: ['supervisor', 'director'],
    params: caseNumberParams,
    body: firstContactBody,
    responses: { 200: caseView, 404: 'Unknown case', 409: 'Already recorded' },
    handler: ({ params, body, staff }) => recordFirstContact(deps, staff!, params.number, body),
  }),
  route({
    method: 'get',
    path: '/api/complaints/:number/assignable',
    summary: 'The colleagues the case may be given to: active staff of its clinic who work cases',
    tag: 'complaints',
    access: ['supervisor'],
    params: caseNumberParams,
    responses: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), roles: z.array(z.string()) })) }), 403: 'Not your clinic', 404: 'Unknown case' },
    handler: async ({ params, staff }) => ({ items: await assignableColleagues(deps, staff!, params.number) }),
  }),
  route({
    method: 'post',
    path: '/api/complaints/:number/assign',
    summary: 'Give the case to a colleague of its clinic who works cases (`staffId: null` takes it back); they see it under `mine=true` and get its deadline notifications',
    tag: 'complaints',
    access: ['supervisor'],
    params: caseNumberParams,
    body: z.object({ staffId: z.string().max(40).nullable() }),
    responses: { 200: caseView, 403: 'Not your clinic', 404: 'Unknown case or staff member', 422: 'Not someone who works this clinic’s cases' },
    handler: ({ params, body, staff }) => assignComplaint(deps, staff!, params.number, body.staffId),
  }),
  route({
    method: 'post',
    path: '/api/complaints/:number/return-visit',
    summary: '投诉回访: record whether the patient is satisfied; not satisfied reopens the case at step 7',
    tag: 'complaints',
    access: CASE_RECORDERS,
    params: caseNumberParams,
    body: returnVisitBody,
    responses: { 200: caseView, 404: 'Unknown case', 409: 'Not closed, or the return visit is already recorded' },
    handler: async ({ params, body, staff }) => {
      await recordReturnVisit(deps, params.number, body, staffActor(staff!))
      return getComplaint(deps, staff!, params.number)
    },
  }),
]
