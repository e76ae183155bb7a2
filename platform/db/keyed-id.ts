import { createHash } from 'node:crypto'
import { Types } from 'mongoose'

/**
 * An ObjectId that is a function of a natural key, for documents other collections reference by
 * ObjectId but that are found by what an inbound event carries (a customer's channel id). The
 * lookup is then by `_id`, the one filter FerretDB serves from an index; 96 bits of SHA-256 make a
 * collision as unlikely as between random ObjectIds.
 */
export function keyedObjectId(namespace: string, key: string): Types.ObjectId {
  return new Types.ObjectId(createHash('sha256').update(`${namespace}\u0000${key}`).digest().subarray(0, 12))
}
