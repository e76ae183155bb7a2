import { z } from 'zod'
import { calendarInstant } from '../../../core/calendar/schemas.ts'
import { WANTS } from '../../../core/complaints/model.ts'
import { PHOTO_MAX_BYTES, PHOTOS_PER_CASE, storePhoto } from '../../../core/complaints/photos.ts'
import { fileMyComplaint, myComplaint, myComplaints, requireMember } from '../../../core/miniprogram/service.ts'
import { AppError } from '../../../platform/errors.ts'
import { readBody } from '../../http/read-body.ts'
import { route } from '../../http/route.ts'
import type { ServerDeps } from '../../app.ts'
import { mpCaseView } from './schemas.ts'

const complaintBody = z.object({
  clinicCode: z.string().trim().min(1).max(16),
  description: z.string().trim().min(1).max(2000).describe('what happened'),
  occurredAt: calendarInstant.optional().describe('when it happened'),
  wants: z.array(z.enum(WANTS)).max(WANTS.length).optional().describe('what the member would like: apology, refund, compensation, explanation'),
  photoIds: z.array(z.string().max(24)).max(PHOTOS_PER_CASE).optional().describe('from POST /api/mp/photos'),
})

export const mpComplaintRoutes = (deps: ServerDeps) => [
  route({
    method: 'post',
    path: '/api/mp/photos',
    summary: 'Uploads one photo for a complaint: the raw JPEG or PNG as the body (Content-Type image/jpeg or image/png), at most 2 MB',
    tag: 'miniprogram',
    access: 'member',
    responses: { 201: z.object({ id: z.string() }), 403: 'member_required', 413: 'payload_too_large', 415: 'unsupported_media_type', 422: 'not_an_image' },
    handler: async ({ ctx, member }) => {
      const memberId = requireMember(member)
      const type = ctx.get('content-type').split(';')[0].trim().toLowerCase()
      if (!type.startsWith('image/')) throw new AppError('unsupported_media_type', 415, 'Photos must be JPEG or PNG.')
      return { status: 201, body: await storePhoto(deps, memberId, type, await readBody(ctx, PHOTO_MAX_BYTES, 'A photo may be at most 2 MB.')) }
    },
  }),
  route({
    method: 'post',
    path: '/api/mp/complaints',
    summary: '投诉与建议: files a complaint (channel miniprogram; the same 11 steps); the clinic’s supervisors are told at once',
    tag: 'miniprogram',
    access: 'member',
    body: complaintBody,
    responses: { 201: mpCaseView, 403: 'member_required', 422: 'unknown_clinic, unknown_photo, too_many_photos' },
    handler: async ({ body, member }) => ({
      status: 201,
      body: await fileMyComplaint(deps, requireMember(member), body),
    }),
  }),
  route({
    method: 'get',
    path: '/api/mp/complaints',
    summary: 'My complaints, newest first, with the current step in plain Chinese',
    tag: 'miniprogram',
    access: 'member',
    responses: { 200: z.object({ items: z.array(mpCaseView), total: z.number() }), 403: 'member_required' },
    handler: async ({ member }) => myComplaints(deps, requireMember(member)),
  }),
  route({
    method: 'get',
    path: '/api/mp/complaints/:number',
    summary: 'One of my complaints (another member’s case is 404)',
    tag: 'miniprogram',
    access: 'member',
    params: z.object({ number: z.string().max(32) }),
    responses: { 200: mpCaseView, 403: 'member_required', 404: 'complaint_not_found' },
    handler: async ({ params, member }) => myComplaint(deps, requireMember(member), params.number),
  }),
]
