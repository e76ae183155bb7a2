import { z } from 'zod'
import { ROLES } from './roles.ts'

export const loginBody = z.object({
  username: z.string().trim().min(1).max(40),
  password: z.string().min(1).max(200),
})

export const createStaffBody = z.object({
  username: z.string().trim().regex(/^[a-zA-Z0-9._-]{3,40}$/, '3–40 letters, digits, dot, dash or underscore'),
  name: z.string().trim().min(1).max(40),
  password: z.string().min(8, 'at least 8 characters').max(200),
  roles: z.array(z.enum(ROLES)).min(1),
  clinicCodes: z.array(z.string().trim().min(1).max(16)).default([]),
  wecomUserId: z.string().trim().regex(/^[A-Za-z0-9._@-]{1,64}$/, 'the member’s WeCom account id (成员账号), 1–64 letters, digits, . _ @ -').optional().describe('their WeCom account (成员账号): notifications also reach them as WeCom app messages'),
})

export const staffView = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  roles: z.array(z.enum(ROLES)),
  clinicCodes: z.array(z.string()),
  wecomUserId: z.string().nullable(),
  active: z.boolean(),
})

export const updateStaffBody = z.object({
  wecomUserId: createStaffBody.shape.wecomUserId.unwrap().nullable().optional(),
  active: z.boolean().optional(),
})

export type UpdateStaffInput = z.infer<typeof updateStaffBody>
export type CreateStaffInput = z.infer<typeof createStaffBody>
export type StaffView = z.infer<typeof staffView>
