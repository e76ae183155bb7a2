// The load for api_member_get, in a process of its own: autocannon against one URL pattern on
// loopback, bounded in connections and seconds, each request for the next of the given paths.
// Usage: node bench/load/http-load.mjs '<json: { origin, paths, headers, connections, seconds }>'
// Prints autocannon's summary as one JSON line.
import autocannon from 'autocannon'

const { origin, paths, headers = {}, connections, seconds } = JSON.parse(process.argv[2])
let next = 0
const result = await autocannon({
  url: origin,
  connections,
  duration: seconds,
  headers,
  requests: [{ setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) }],
})
console.log(JSON.stringify({ requestsPerSecond: result.requests.average, total: result.requests.total, non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, p99Ms: result.latency.p99 }))
