import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ChatRequest {
  model: string
  messages: Array<{ role: string; content: string }>
  [key: string]: unknown
}

/** How the stand-in answers one request: a reply content, or an HTTP error, after an optional delay. */
export interface Answer {
  content?: string
  status?: number
  delayMs?: number
}

export interface FakeChatServer {
  baseURL: string
  requests: ChatRequest[]
  answer: (request: ChatRequest) => Answer
  close(): Promise<void>
}

/** A local stand-in speaking the chat-completions API on 127.0.0.1, port chosen by the system. */
export async function startFakeChatServer(): Promise<FakeChatServer> {
  const timers = new Set<NodeJS.Timeout>()
  const fake: FakeChatServer = {
    baseURL: '',
    requests: [],
    answer: () => ({ content: '{"intent":"other","confidence":0.5}' }),
    close: async () => {},
  }
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}')
        return
      }
      const request = JSON.parse(body) as ChatRequest
      fake.requests.push(request)
      const answer = fake.answer(request)
      const send = () => {
        if (res.destroyed) return
        if (answer.status && answer.status !== 200) {
          res.writeHead(answer.status, { 'content-type': 'application/json' })
          res.end(JSON.stringify({ error: { message: 'stand-in failure', type: 'server_error' } }))
          return
        }
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify({
          id: 'chatcmpl-local',
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: request.model,
          choices: [{ index: 0, message: { role: 'assistant', content: answer.content ?? '' }, finish_reason: 'stop' }],
        }))
      }
      if (!answer.delayMs) return send()
      const timer = setTimeout(() => {
        timers.delete(timer)
        send()
      }, answer.delayMs)
      timers.add(timer)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  fake.baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
  fake.close = () =>
    new Promise<void>((resolve) => {
      for (const timer of timers) clearTimeout(timer)
      server.closeAllConnections()
      server.close(() => resolve())
    })
  return fake
}
