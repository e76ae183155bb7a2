/**
 * Inserts that arrive while one is on its way are written together, in one `insertMany`, and each
 * caller is answered when its own row is stored (a group commit). Under load, thirty-two requests
 * that each log a row cost a few round trips instead of thirty-two, and nobody is answered before
 * their row is written. Rows must be valid on their own: a failed batch fails all its callers.
 */
export function groupCommit<T>(insertMany: (rows: T[]) => Promise<unknown>): (row: T) => Promise<void> {
  let waiting: Array<{ row: T; done: (err?: unknown) => void }> = []
  let writing = false

  async function drain() {
    writing = true
    while (waiting.length) {
      const batch = waiting
      waiting = []
      const err = await insertMany(batch.map((w) => w.row)).then(() => undefined, (failure: unknown) => failure ?? new Error('insert failed'))
      for (const w of batch) w.done(err)
    }
    writing = false
  }

  return (row) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ row, done: (err) => (err ? reject(err) : resolve()) })
      if (!writing) void drain()
    })
}
