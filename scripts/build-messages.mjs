// How the two build scripts (build-console.mjs, build-miniprogram.mjs) speak.

/**
 * `say` prints a line; `giveUp` ends the build saying why: quietly (exit 0) when `lenient`, because
 * during `npm install` or `npm start` a build that cannot run must not stop everything else.
 */
export function buildMessages(what, lenient) {
  const say = (msg) => console.log(`[caredesk] ${msg}`)
  function giveUp(msg) {
    if (lenient) {
      say(`${what} not built: ${msg}`)
      process.exit(0)
    }
    console.error(`[caredesk] ${what} not built: ${msg}`)
    process.exit(1)
  }
  return { say, giveUp }
}
