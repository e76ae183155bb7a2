/** A worker's idle pause that an in-process signal can cut short (new work arrived). */
export function wakeableSleep() {
  let wake: (() => void) | null = null
  return {
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms)
        function done() {
          clearTimeout(timer)
          wake = null
          resolve()
        }
        wake = done
      }),
    wake: () => wake?.(),
  }
}
