/**
 * A small history router (vue-router is not a dependency): routes come from nav.ts, and the guard
 * refuses pages the role lacks (the menu hides them; the API refuses them too).
 */
import { defineAsyncComponent, markRaw, reactive, type Component } from 'vue'
import { whenUnauthorized } from './api.ts'
import { homeFor, mayOpen, pages, type ConsolePage } from './nav.ts'
import { session } from './session.ts'

interface RouteDef {
  path: string
  title: string
  page: ConsolePage | null
  /** Login: no layout around it. */
  bare?: boolean
  component: Component
  pattern: RegExp
  keys: string[]
}

export interface CurrentRoute {
  path: string
  fullPath: string
  params: Record<string, string>
  query: Record<string, string>
  def: RouteDef
}

function compile(path: string) {
  const keys: string[] = []
  const source = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\/:(\w+)/g, (_m, key: string) => {
    keys.push(key)
    return '/([^/]+)'
  })
  return { pattern: new RegExp(`^${source}/?$`), keys }
}

const asyncComponent = (loader: ConsolePage['component']) => markRaw(defineAsyncComponent(loader as () => Promise<Component>))

function def(path: string, title: string, loader: ConsolePage['component'], extra: Partial<RouteDef> = {}): RouteDef {
  return { path, title, page: null, component: asyncComponent(loader), ...compile(path), ...extra }
}

const routes: RouteDef[] = [
  def('/login', '登录', () => import('./pages/LoginPage.vue'), { bare: true }),
  def('/forbidden', '无权访问', () => import('./pages/ForbiddenPage.vue')),
  ...pages.map((page) => def(page.path, page.title, page.component, { page })),
]
const notFound = def('/404', '页面不存在', () => import('./pages/NotFoundPage.vue'))

const myRoles = () => session.current?.staff.roles ?? null

function match(path: string): { def: RouteDef; params: Record<string, string> } {
  for (const route of routes) {
    const found = route.pattern.exec(path)
    if (found) return { def: route, params: Object.fromEntries(route.keys.map((key, i) => [key, decodeURIComponent(found[i + 1])])) }
  }
  return { def: notFound, params: {} }
}

/** Where a location really goes once the guard has looked at it. */
function guard(fullPath: string): string {
  const url = new URL(fullPath, location.origin)
  if (url.pathname === '/' || url.pathname === '') return session.current ? homeFor(myRoles()) : '/login'
  if (url.pathname === '/login' && session.current) return homeFor(myRoles())
  const { def: target } = match(url.pathname)
  if (!target.page || mayOpen(target.page, myRoles())) return url.pathname + url.search
  if (!session.current) return `/login?next=${encodeURIComponent(url.pathname + url.search)}`
  return `/forbidden?from=${encodeURIComponent(url.pathname)}`
}

function resolve(fullPath: string): CurrentRoute {
  const url = new URL(fullPath, location.origin)
  const { def: found, params } = match(url.pathname)
  return { path: url.pathname, fullPath: url.pathname + url.search, params, query: Object.fromEntries(url.searchParams), def: found }
}

export const router = reactive<{ current: CurrentRoute }>({ current: resolve('/login') })

function apply(fullPath: string, mode: 'push' | 'replace') {
  const target = guard(fullPath)
  const next = resolve(target)
  if (mode === 'push' && target !== location.pathname + location.search) history.pushState(null, '', target)
  else history.replaceState(null, '', target)
  router.current = next
  document.title = `${next.def.title} · CareDesk`
}

export const navigate = (to: string) => apply(to, 'push')
export const replace = (to: string) => apply(to, 'replace')

export function startRouter() {
  apply(location.pathname + location.search, 'replace')
  window.addEventListener('popstate', () => apply(location.pathname + location.search, 'replace'))
  whenUnauthorized(() => {
    if (router.current.path !== '/login') replace(`/login?expired=1&next=${encodeURIComponent(router.current.fullPath)}`)
  })
}
