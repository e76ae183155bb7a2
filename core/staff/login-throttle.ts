import type { Connection } from 'mongoose'
import { tooManyRequests } from '../../platform/errors.ts'
import { hitsInWindow, recordHit } from '../../platform/rate-limit.ts'

/** Wrong passwords allowed per window before logins are refused with 429. */
export const LOGIN_LIMITS = { perUsername: 5, perAddress: 20, windowMinutes: 15 }

const windowMs = LOGIN_LIMITS.windowMinutes * 60_000
const keys = (username: string, address: string) => ({ user: `login-user:${username.toLowerCase()}`, address: `login-addr:${address}` })

export async function assertLoginAllowed(db: Connection, username: string, address: string, now: Date) {
  const { user, address: addr } = keys(username, address)
  const [userFailures, addressFailures] = await Promise.all([hitsInWindow(db, user, windowMs, now), hitsInWindow(db, addr, windowMs, now)])
  if (userFailures >= LOGIN_LIMITS.perUsername || addressFailures >= LOGIN_LIMITS.perAddress) {
    throw tooManyRequests(`Too many wrong passwords. Please wait ${LOGIN_LIMITS.windowMinutes} minutes and try again.`)
  }
}

export async function recordLoginFailure(db: Connection, username: string, address: string, now: Date) {
  const { user, address: addr } = keys(username, address)
  await Promise.all([recordHit(db, user, windowMs, now), recordHit(db, addr, windowMs, now)])
}
