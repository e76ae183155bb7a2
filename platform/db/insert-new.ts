/** What insertNew writes to: a driver collection (`model.collection`), so rows skip mongoose's per-row casting and validation. */
export interface InsertTarget<T> {
  insertMany(docs: T[], options: { ordered: false }): Promise<unknown>
}

/**
 * Inserts rows that are complete and valid as they are (every default filled in), a thousand per
 * `insertMany` with `ordered: false`, and answers the rows this call wrote: a row whose unique key
 * is taken already (planned before a crash, or by a second instance) is left as it is. Any other
 * write error is thrown.
 */
export async function insertNew<T>(collection: InsertTarget<T>, rows: T[], chunkSize = 1000): Promise<T[]> {
  const inserted: T[] = []
  for (let i = 0; i < rows.length; i += chunkSize) {
    const chunk = rows.slice(i, i + chunkSize)
    try {
      await collection.insertMany(chunk, { ordered: false })
      inserted.push(...chunk)
    } catch (err) {
      // The driver answers one write error as an object and several as an array.
      const raw = (err as { writeErrors?: unknown }).writeErrors
      const writeErrors = ([] as Array<{ index: number; code: number }>).concat((raw as never) ?? [])
      if (!writeErrors.length || writeErrors.some((e) => e.code !== 11000)) throw err
      const failed = new Set(writeErrors.map((e) => e.index))
      inserted.push(...chunk.filter((_, index) => !failed.has(index)))
    }
  }
  return inserted
}
