/**
 * A jsdom document for miniprogram-simulate, in a test that also runs the real app. Vitest's own
 * `@vitest-environment jsdom` cannot be used here: it compiles every module for the browser, and Vite's
 * client pipeline rewrites the server's `new URL('../console/dist/', import.meta.url)` into a page URL,
 * so the app would not start. Only what Node lacks is added (Node's URL and fetch stay), and the event
 * classes j-component dispatches on jsdom elements.
 */
import { createRequire } from 'node:module'

/** The little of the DOM the tests touch (the repo's tsconfig has no DOM lib: the server has no document). */
export interface DomElement {
  textContent: string | null
  innerHTML: string
  outerHTML: string
  cloneNode(deep: boolean): DomElement
  setAttribute(name: string, value: string): void
  getAttribute(name: string): string | null
  closest(selector: string): DomElement | null
  querySelectorAll(selector: string): Iterable<DomElement>
}
export interface DomDocument {
  head: DomElement
  createElement(tag: string): DomElement
}

const { JSDOM } = createRequire(import.meta.url)('jsdom') as { JSDOM: new (html: string, options: object) => { window: object } }

const FROM_JSDOM = new Set(['Event', 'CustomEvent'])

/** The jsdom document miniprogram-simulate renders into. */
export const currentDocument = () => (globalThis as unknown as { document: DomDocument }).document

export function installDom() {
  if ((globalThis as { document?: unknown }).document) return
  const { window } = new JSDOM('<!DOCTYPE html><html><head></head><body></body></html>', { pretendToBeVisual: true, url: 'http://localhost/' })
  for (const key of Object.getOwnPropertyNames(window)) {
    if (key in globalThis && !FROM_JSDOM.has(key)) continue
    Object.defineProperty(globalThis, key, { configurable: true, get: () => (window as unknown as Record<string, unknown>)[key] })
  }
}
