// The app in a process of its own, for rss_100k: started on a database the parent seeded (its
// members), it takes `customers` simulated chats through the sandbox routes (each a new open
// conversation), serves a round of the console's lists, then prints its peak RSS as one JSON line.
// Usage: node --import tsx bench/load/app-rss.ts '<json: { uri, customers }>'
import { inParallel, startAppAt } from '../app.ts'

const { uri, customers } = JSON.parse(process.argv[2]) as { uri: string; customers: number }
const app = await startAppAt(uri)
let answered = 0
await inParallel(Array.from({ length: customers }), 25, async (_, i) => {
  const { body } = await app.post('/api/sandbox/customers', { name: `访客${i}` })
  const reply = app.nextBotLine(body.id)
  await app.post(`/api/sandbox/customers/${body.id}/messages`, { text: '你们的地址在哪里' })
  await reply
  answered++
})
const token = await app.login()
for (const path of ['/api/members?limit=50', '/api/members?limit=50&offset=50000', '/api/conversations?limit=50', '/api/counts']) {
  const res = await app.get(path, token)
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`)
}
const peakMb = process.resourceUsage().maxRSS / 1024
const heapMb = process.memoryUsage().heapUsed / 2 ** 20
await app.stop()
console.log(JSON.stringify({ peakMb, heapMb, answered }))
process.exit(0)
