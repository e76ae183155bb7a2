import { vi } from 'vitest'

/** A 1×1 PNG: what a CDN answers for a picture whose pixels do not matter. */
export const PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')

export interface CdnFile {
  status?: number
  bytes?: Uint8Array
  contentType?: string
}

/**
 * Pictures at the https URLs a test names, answered in-process: the app fetches a mini-program
 * cover or a 微信客服 image from its URL before uploading it to WeCom, and tests cannot reach the
 * internet. Every other request goes to the real fetch (the fake WeCom server, the app's own API).
 */
export function stubCdn(files: Record<string, CdnFile>) {
  const realFetch = globalThis.fetch
  const requests: string[] = []
  vi.stubGlobal('fetch', async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const file = files[url]
    if (!file) return realFetch(input, init)
    requests.push(url)
    const status = file.status ?? 200
    return new Response(status === 200 ? (file.bytes ?? PIXEL_PNG) : 'not found', { status, headers: { 'content-type': file.contentType ?? 'image/png' } })
  })
  return { requests, restore: () => vi.unstubAllGlobals() }
}
