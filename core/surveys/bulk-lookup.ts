import type { Connection, Model } from 'mongoose'
import { databaseEngine } from '../../platform/db/engine.ts'

const MONGO_CHUNK = 1000
/** Up to this many values, one `$in` query is cheaper on FerretDB than returning every row. */
const FERRET_IN_LIMIT = 100

/**
 * The rows whose `field` is one of `values` (and that match `filter`), for planning a whole day at
 * once. On MongoDB: `$in` in chunks of 1,000 over an indexed field. FerretDB v1.24 on SQLite uses
 * no secondary index (every query but one by `_id` scans the table, ≈ 45 µs a row) and compares
 * each row with every `$in` value (measured: 5,000 ids against 20,000 rows took 3.5 s), so a
 * large set is answered by one projected scan filtered here, and a handful of `_id`s one by one
 * (an `_id` lookup is pushed down to SQLite: about 1 ms).
 */
export async function rowsWhereIn<T>(
  db: Connection,
  model: Model<any>,
  field: string,
  values: readonly unknown[],
  options: { filter?: Record<string, unknown>; projection: Record<string, 1> },
): Promise<T[]> {
  if (!values.length) return []
  const filter = options.filter ?? {}
  const projection = { ...options.projection, [field]: 1 as const }
  const collection = model.collection
  const engine = await databaseEngine(db)

  if (engine === 'mongodb') {
    const rows: T[] = []
    for (let i = 0; i < values.length; i += MONGO_CHUNK) {
      const chunk = values.slice(i, i + MONGO_CHUNK)
      rows.push(...((await collection.find({ ...filter, [field]: { $in: chunk } }, { projection }).toArray()) as T[]))
    }
    return rows
  }

  if (field === '_id' && values.length <= FERRET_IN_LIMIT) {
    const found = await Promise.all(values.map((value) => collection.findOne({ ...filter, _id: value as never }, { projection })))
    return found.filter((row): row is NonNullable<typeof row> => row !== null) as T[]
  }
  if (values.length <= FERRET_IN_LIMIT) {
    return (await collection.find({ ...filter, [field]: { $in: values } }, { projection }).toArray()) as T[]
  }
  const wanted = new Set(values.map(String))
  const rows: T[] = []
  for await (const row of collection.find(filter, { projection, batchSize: 10_000 })) {
    if (wanted.has(String(row[field]))) rows.push(row as T)
  }
  return rows
}
