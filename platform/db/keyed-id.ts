import { createHash } from 'node:crypto'
import { Types, type Model } from 'mongoose'

/**
 * An ObjectId that is a function of a natural key, for documents other collections reference by
 * ObjectId but that are found by what an inbound event carries (a customer's channel id). The
 * lookup is then by `_id`, the one filter FerretDB serves from an index; 96 bits of SHA-256 make a
 * collision as unlikely as between random ObjectIds.
 */
export function keyedObjectId(namespace: string, key: string): Types.ObjectId {
  return new Types.ObjectId(createHash('sha256').update(`${namespace}\u0000${key}`).digest().subarray(0, 12))
}

/**
 * A document by its keyed `_id`; one stored before its collection was keyed is found by the fields
 * the key is made of (a scan on FerretDB). Callers that can try an insert first use the fallback
 * only after a duplicate key, so a first contact does not scan.
 */
export async function findByKey<T>(model: Model<any>, id: unknown, legacy: Record<string, unknown>): Promise<T | null> {
  return (await model.findById(id).lean<T>()) ?? (await model.findOne(legacy).lean<T>())
}
