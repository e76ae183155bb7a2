/**
 * The built mini program (miniprogram/dist) under miniprogram-simulate, talking to a real test app:
 * `wx.request` goes to the app over loopback with fetch, `wx.login` hands out the stand-in WeChat
 * server's codes for the openid the test chose.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { vi } from 'vitest'
import type { FakeWechat } from '../helpers/fake-wechat.ts'
import { currentDocument, installDom, type DomElement } from './dom.ts'

const require = createRequire(import.meta.url)
const ROOT = resolve(import.meta.dirname, '../..')
/** This test process's own build of the mini program: test files run in parallel and each builds once. */
export const DIST = join(ROOT, `tests/.tmp/miniprogram-${process.pid}`)

/** Builds the mini program (scripts/build-miniprogram.mjs, as npm does), so the tests load what the sources say. */
export function buildMiniprogram() {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-miniprogram.mjs'), '--out', DIST], { cwd: ROOT, stdio: 'pipe' })
}

export const removeBuild = () => rmSync(DIST, { recursive: true, force: true })

export interface SimulatedWechat {
  /** Who wx.login logs in as; changing it also forgets the stored token, like another phone. */
  useOpenid(openid: string): void
  /** Puts a token in storage as an earlier launch would have left it. */
  storeToken(token: string): void
  /** While true every wx.request fails as if the phone had no network. */
  offline: boolean
  /** The files wx.chooseMedia picks next. */
  nextMedia: Array<{ tempFilePath: string; size: number }>
  /** false: the member taps 再想想 in the next confirm dialogs. */
  confirms: boolean
  modals: Array<{ title: string; content: string }>
  toasts: string[]
  navigations: string[]
  calls: string[]
  locations: Array<{ latitude: number; longitude: number; name?: string }>
  requests: Array<{ method: string; path: string }>
}

/** Installs global.wx (and what TDesign asks of the runtime) pointing at the test app. */
export function installWx(apiUrl: string, wechat: FakeWechat): SimulatedWechat {
  const { API_BASE } = require(join(DIST, 'config.js')) as { API_BASE: string }
  const storage = new Map<string, unknown>()
  let openid = ''
  const state: SimulatedWechat = {
    useOpenid(id) {
      openid = id
      storage.clear()
    },
    storeToken: (token) => void storage.set('caredesk.mp.token', token),
    offline: false,
    nextMedia: [],
    confirms: true,
    modals: [],
    toasts: [],
    navigations: [],
    calls: [],
    locations: [],
    requests: [],
  }
  const windowInfo = { windowWidth: 375, windowHeight: 812, screenWidth: 375, screenHeight: 812, pixelRatio: 2, statusBarHeight: 44, safeArea: { top: 44, bottom: 778, left: 0, right: 375, width: 375, height: 734 } }
  const selectorQuery = () => {
    const query = { in: () => query, select: () => query, selectAll: () => query, selectViewport: () => query, boundingClientRect: () => query, fields: () => query, scrollOffset: () => query, node: () => query, exec: (cb?: (r: unknown[]) => void) => cb?.([]) }
    return query
  }

  const wx = {
    request(options: { url: string; method?: string; data?: unknown; header?: Record<string, string>; success?: (r: unknown) => void; fail?: (e: unknown) => void }) {
      if (!options.url.startsWith(API_BASE)) throw new Error(`wx.request to ${options.url}, outside config.ts's API_BASE`)
      const path = options.url.slice(API_BASE.length)
      const method = options.method ?? 'GET'
      state.requests.push({ method, path })
      if (state.offline) return void queueMicrotask(() => options.fail?.({ errMsg: 'request:fail net::ERR_INTERNET_DISCONNECTED' }))
      const data = options.data
      const body = data === undefined || method === 'GET' ? undefined : data instanceof ArrayBuffer ? Buffer.from(data) : JSON.stringify(data)
      fetch(`${apiUrl}${path}`, { method, headers: options.header, body })
        .then(async (res) => {
          const text = await res.text()
          let parsed: unknown = text
          try {
            parsed = text ? JSON.parse(text) : ''
          } catch {
            /* wx.request hands over non-JSON as the string */
          }
          options.success?.({ statusCode: res.status, data: parsed, header: Object.fromEntries(res.headers) })
        })
        .catch((err) => options.fail?.({ errMsg: `request:fail ${err}` }))
    },
    login(options: { success?: (r: { code: string }) => void }) {
      queueMicrotask(() => options.success?.({ code: wechat.loginCode(openid) }))
    },
    getStorageSync: (key: string) => storage.get(key) ?? '',
    setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
    removeStorageSync: (key: string) => void storage.delete(key),
    showModal(options: { title: string; content: string; success?: (r: { confirm: boolean; cancel: boolean }) => void }) {
      state.modals.push({ title: options.title, content: options.content })
      queueMicrotask(() => options.success?.({ confirm: state.confirms, cancel: !state.confirms }))
    },
    showToast: (options: { title: string }) => void state.toasts.push(options.title),
    navigateTo: (options: { url: string }) => void state.navigations.push(options.url),
    redirectTo: (options: { url: string }) => void state.navigations.push(options.url),
    navigateBack: () => void state.navigations.push('back'),
    makePhoneCall: (options: { phoneNumber: string }) => void state.calls.push(options.phoneNumber),
    openLocation: (options: { latitude: number; longitude: number; name?: string }) => void state.locations.push(options),
    chooseMedia(options: { success?: (r: unknown) => void }) {
      const tempFiles = state.nextMedia.splice(0)
      queueMicrotask(() => options.success?.({ type: 'image', tempFiles }))
    },
    getFileSystemManager: () => ({
      readFile(options: { filePath: string; success?: (r: { data: ArrayBuffer }) => void; fail?: (e: unknown) => void }) {
        try {
          const bytes = readFileSync(options.filePath)
          const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
          queueMicrotask(() => options.success?.({ data }))
        } catch (err) {
          queueMicrotask(() => options.fail?.({ errMsg: String(err) }))
        }
      },
    }),
    getSystemInfoSync: () => ({ ...windowInfo, platform: 'devtools', SDKVersion: '3.5.0', theme: 'light' }),
    getWindowInfo: () => windowInfo,
    getDeviceInfo: () => ({ platform: 'devtools', system: 'iOS 17' }),
    getAppBaseInfo: () => ({ SDKVersion: '3.5.0', theme: 'light' }),
    getMenuButtonBoundingClientRect: () => ({ top: 48, bottom: 80, left: 281, right: 368, width: 87, height: 32 }),
    onThemeChange: () => {},
    nextTick: (fn: () => void) => setTimeout(fn, 0),
    createSelectorQuery: selectorQuery,
    canIUse: () => false,
  }
  Object.assign(globalThis, { wx, getApp: () => ({}), getCurrentPages: () => [] })
  return state
}

type Simulate = {
  load(path: string, options: { rootPath: string }): string
  render(id: string): SimulatedPage
}
export interface SimulatedPage {
  instance: any
  dom: DomElement
  attach(parent: DomElement): void
  detach(): void
  querySelector(selector: string): SimulatedNode | null
  toJSON(): unknown
}
/** An element of a simulated page (for a custom component, with its instance and its own tree). */
export interface SimulatedNode extends Omit<SimulatedPage, 'attach' | 'detach' | 'toJSON'> {
  dispatchEvent(name: string, options?: { detail?: unknown }): void
}

let simulate: Simulate | undefined

/** Loads a page of the built mini program, attaches it and calls its onLoad with the query. */
export function openPage(name: string, query: Record<string, string> = {}): SimulatedPage {
  installDom()
  simulate ??= require('miniprogram-simulate') as Simulate
  const page = simulate.render(simulate.load(join(DIST, 'pages', name, name), { rootPath: DIST }))
  page.attach(currentDocument().createElement('parent-wrapper'))
  page.instance.onLoad(query)
  return page
}

/** The page's visible text, whitespace collapsed. */
export const textOf = (page: SimulatedPage) => (page.dom.textContent ?? '').replace(/\s+/g, ' ')

/** Waits until the page shows all of these texts (polling the DOM, never a fixed sleep). */
export async function waitForText(page: SimulatedPage, ...texts: string[]) {
  await vi.waitFor(
    () => {
      const text = textOf(page)
      for (const t of texts) if (!text.includes(t)) throw new Error(`the page does not show “${t}” yet: ${text.slice(0, 400)}`)
    },
    { timeout: 10_000, interval: 20 },
  )
}

/** The element at the end of a path of id or class selectors, each inside the custom component before it
 * (exparser selectors do not cross into a component's own tree). */
export function find(page: SimulatedPage, ...path: string[]): SimulatedNode {
  let node: SimulatedNode | SimulatedPage | null = page
  for (const selector of path) node = node?.querySelector(selector) ?? null
  if (!node || node === page) throw new Error(`nothing matches ${path.join(' › ')}: ${textOf(page).slice(0, 300)}`)
  return node as SimulatedNode
}

/** Taps an element (a TDesign button's host, a view). */
export function tap(page: SimulatedPage, ...path: string[]) {
  find(page, ...path).dispatchEvent('tap')
}

/** Taps a TDesign button: its inner <button> catches the tap and the t-button tells its host, as on a phone. */
export const tapButton = (page: SimulatedPage, ...path: string[]) => tap(page, ...path, '.t-button')

/** Taps the page-state's 重新加载 (or 去绑定手机号) button. */
export const tapStateAction = (page: SimulatedPage) => tapButton(page, '.page-state', '.state-action')

/** The change event the member's picking, typing or toggling fires: a native picker's from its node, a
 * TDesign input's, radio group's or checkbox group's through the component's own triggerEvent, as it does. */
export function change(page: SimulatedPage, selector: string, detail: unknown) {
  const node = find(page, selector)
  if (node.instance?.triggerEvent) node.instance.triggerEvent('change', detail)
  else node.dispatchEvent('change', { detail })
}
