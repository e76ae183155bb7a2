// How the build scripts speak: a [caredesk] line, and giving up on a build — quietly (exit 0) where
// a missing tool must not stop `npm install` or `npm start`, else as a failure.

export const say = (msg) => console.log(`[caredesk] ${msg}`)

/** `giveUp(reason)` for the build of `what` (e.g. "staff console"); lenient: only say so and exit 0. */
export function giveUpOn(what, lenient) {
  return (msg) => {
    if (lenient) {
      say(`${what} not built: ${msg}`)
      process.exit(0)
    }
    console.error(`[caredesk] ${what} not built: ${msg}`)
    process.exit(1)
  }
}

/** "in 1.2 s" since `started` (Date.now()). */
export const took = (started) => `in ${((Date.now() - started) / 1000).toFixed(1)} s`
