import { Types } from 'mongoose'

/** A member id from the outside, or null when it cannot be one (callers answer 404, never 500). */
export function parseMemberId(id: string | Types.ObjectId): Types.ObjectId | null {
  if (id instanceof Types.ObjectId) return id
  return typeof id === 'string' && /^[0-9a-f]{24}$/i.test(id) ? new Types.ObjectId(id) : null
}
