import { expect } from 'vitest'

/** Reads server-sent events until one matches; `after: 0` replays the stored ones from the start. */
export async function waitForEvent(url: string, token: string, type: string, match: (data: any) => boolean, options: { timeoutMs?: number; after?: number } = {}) {
  const { timeoutMs = 8000, after } = options
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), timeoutMs)
  try {
    const response = await fetch(`${url}/api/events?access_token=${token}${after === undefined ? '' : `&after=${after}`}`, { signal: controller.signal })
    expect(response.headers.get('content-type')).toContain('text/event-stream')
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
    let buffer = ''
    for (;;) {
      const { value, done } = await reader.read()
      if (done) throw new Error('stream ended')
      buffer += value
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const event = /^event: (.+)$/m.exec(block)?.[1]
        const data = /^data: (.+)$/m.exec(block)?.[1]
        if (event === type && data && match(JSON.parse(data))) return JSON.parse(data)
      }
    }
  } finally {
    clearTimeout(timer)
    controller.abort()
  }
}
