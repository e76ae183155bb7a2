import { z } from 'zod'
import { login } from '../../core/staff/service.ts'
import { loginBody, staffView } from '../../core/staff/schemas.ts'
import { route } from '../http/route.ts'
import type { ServerDeps } from '../app.ts'

/** Who a token stands for (StaffPrincipal). */
const principalView = staffView.pick({ id: true, username: true, name: true, roles: true, clinicCodes: true })

export const authRoutes = (deps: ServerDeps) => [
  route({
    method: 'post',
    path: '/api/auth/login',
    summary: 'Log in as staff; answers a bearer token. Wrong passwords are rate-limited per username and address (429).',
    tag: 'staff',
    access: 'public',
    body: loginBody,
    responses: {
      200: z.object({ token: z.string(), expiresAt: z.string(), staff: principalView }),
      401: 'Wrong username or password',
      429: 'Too many wrong passwords',
    },
    handler: ({ body, ctx }) => login(deps, deps.signer, body, ctx.ip),
  }),
  route({
    method: 'get',
    path: '/api/auth/me',
    summary: 'The logged-in staff member',
    tag: 'staff',
    access: 'staff',
    responses: { 200: principalView },
    handler: ({ staff }) => staff,
  }),
]
