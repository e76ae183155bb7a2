import type { Connection, Model } from 'mongoose'
import { databaseEngine } from '../../platform/db/engine.ts'

const MONGO_CHUNK = 1000
/** Up to this many values, one `$in` query is cheaper on FerretDB than returning every row. */
const FERRET_IN_LIMIT = 100

/**
 * Streams the rows whose `field` is one of `values` (and that match `filter`) to `onRow`, for
 * planning a whole day at once without holding the rows. On MongoDB: `$in` in chunks of 1,000 over an indexed field. FerretDB v1.24 on SQLite uses
 * no secondary index (every query but one by `_id` scans the table, ≈ 45 µs a row) and compares
 * each row with every `$in` value (measured: 5,000 ids against 20,000 rows took 3.5 s), so a
 * large set is answered by one projected scan filtered here, and a handful of `_id`s one by one
 * (an `_id` lookup is pushed down to SQLite: about 1 ms).
 */
export async function eachRowWhereIn<T>(
  db: Connection,
  model: Model<any>,
  field: string,
  values: readonly unknown[],
  options: { filter?: Record<string, unknown>; projection: Record<string, 1> },
  onRow: (row: T) => void,
): Promise<void> {
  if (!values.length) return
  const filter = options.filter ?? {}
  const projection = { ...options.projection, [field]: 1 as const }
  const collection = model.collection
  const engine = await databaseEngine(db)

  if (engine === 'mongodb') {
    for (let i = 0; i < values.length; i += MONGO_CHUNK) {
      const chunk = values.slice(i, i + MONGO_CHUNK)
      for await (const row of collection.find({ ...filter, [field]: { $in: chunk } }, { projection })) onRow(row as T)
    }
    return
  }

  if (field === '_id' && values.length <= FERRET_IN_LIMIT) {
    const found = await Promise.all(values.map((value) => collection.findOne({ ...filter, _id: value as never }, { projection })))
    for (const row of found) if (row) onRow(row as T)
    return
  }
  if (values.length <= FERRET_IN_LIMIT) {
    for await (const row of collection.find({ ...filter, [field]: { $in: values } }, { projection })) onRow(row as T)
    return
  }
  const wanted = new Set(values.map(String))
  for await (const row of collection.find(filter, { projection, batchSize: 1000 })) {
    if (wanted.has(String(row[field]))) onRow(row as T)
  }
}
