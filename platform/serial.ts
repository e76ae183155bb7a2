/**
 * Runs work for one key after the work queued before it for that key, within this process: the
 * order of calls is the order of runs. `scope` (a connection, a pipeline) keeps unrelated users
 * apart. A failure does not stop the queue; it reaches only its own caller.
 */
const queues = new WeakMap<object, Map<string, Promise<unknown>>>()

export function serialized<T>(scope: object, key: string, work: () => Promise<T>): Promise<T> {
  let byKey = queues.get(scope)
  if (!byKey) queues.set(scope, (byKey = new Map()))
  const previous = byKey.get(key) ?? Promise.resolve()
  const result = previous.then(work, work)
  const tail = result.catch(() => {})
  byKey.set(key, tail)
  void tail.then(() => {
    if (byKey.get(key) === tail) byKey.delete(key)
  })
  return result
}
