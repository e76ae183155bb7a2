import type { Connection } from 'mongoose'
import { tooManyRequests } from '../../platform/errors.ts'
import { loginFailureModel } from './model.ts'

/** Wrong passwords allowed per window before logins are refused with 429. */
export const LOGIN_LIMITS = { perUsername: 5, perAddress: 20, windowMinutes: 15 }

function windowKeys(username: string, address: string, now: Date) {
  const windowMs = LOGIN_LIMITS.windowMinutes * 60_000
  const start = Math.floor(now.getTime() / windowMs) * windowMs
  return {
    user: `user:${username.toLowerCase()}:${start}`,
    address: `addr:${address}:${start}`,
    windowEndsAt: new Date(start + windowMs),
  }
}

export async function assertLoginAllowed(db: Connection, username: string, address: string, now: Date) {
  const keys = windowKeys(username, address, now)
  const rows = await loginFailureModel(db).find({ _id: { $in: [keys.user, keys.address] } }).lean()
  const count = (id: string) => rows.find((row) => row._id === id)?.count ?? 0
  if (count(keys.user) >= LOGIN_LIMITS.perUsername || count(keys.address) >= LOGIN_LIMITS.perAddress) {
    throw tooManyRequests(`Too many wrong passwords. Please wait ${LOGIN_LIMITS.windowMinutes} minutes and try again.`)
  }
}

export async function recordLoginFailure(db: Connection, username: string, address: string, now: Date) {
  const keys = windowKeys(username, address, now)
  const LoginFailure = loginFailureModel(db)
  await Promise.all(
    [keys.user, keys.address].map((_id) =>
      LoginFailure.updateOne({ _id }, { $inc: { count: 1 }, $setOnInsert: { windowEndsAt: keys.windowEndsAt } }, { upsert: true }),
    ),
  )
}

/** Removes finished windows; run by a periodic job. */
export async function pruneLoginFailures(db: Connection, now: Date) {
  await loginFailureModel(db).deleteMany({ windowEndsAt: { $lt: now } })
}
