/**
 * A jsdom document for miniprogram-simulate, in a test that also runs the real app. Vitest's own
 * `@vitest-environment jsdom` cannot be used here: it compiles every module for the browser, and Vite's
 * client pipeline rewrites the server's `new URL('../console/dist/', import.meta.url)` into a page URL,
 * so the app would not start. Only what Node lacks is added (Node's URL and fetch stay), and the event
 * classes j-component dispatches on jsdom elements.
 */
import { JSDOM } from 'jsdom'

const FROM_JSDOM = new Set(['Event', 'CustomEvent'])

export function installDom() {
  if ((globalThis as { document?: unknown }).document) return
  const { window } = new JSDOM('<!DOCTYPE html><html><head></head><body></body></html>', { pretendToBeVisual: true, url: 'http://localhost/' })
  for (const key of Object.getOwnPropertyNames(window)) {
    if (key in globalThis && !FROM_JSDOM.has(key)) continue
    Object.defineProperty(globalThis, key, { configurable: true, get: () => (window as unknown as Record<string, unknown>)[key] })
  }
}
