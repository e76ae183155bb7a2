/** The set-up the mini program's page tests share: its build, the stand-in WeChat server, a test app on it and the simulated wx. */
import { afterAll, beforeAll } from 'vitest'
import type { Clock } from '../../platform/clock.ts'
import { startFakeWechat, wechatEnv, type FakeWechat } from '../helpers/fake-wechat.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { buildMiniprogram, installWx, removeBuild, type SimulatedWechat } from './simulator.ts'

export interface SimulatedMiniprogram {
  app: TestApp
  wechat: FakeWechat
  wx: SimulatedWechat
}

/**
 * In a describe block: builds the mini program and starts the app before its tests, stops both after them.
 * The fields are filled in by beforeAll, so read them inside the tests and hooks (mp.app, mp.wx), not when the block is declared.
 */
export function useSimulatedMiniprogram(options: { clock?: Clock } = {}): SimulatedMiniprogram {
  const mp = {} as SimulatedMiniprogram
  beforeAll(async () => {
    buildMiniprogram()
    mp.wechat = await startFakeWechat()
    mp.app = await startTestApp({ clock: options.clock, env: wechatEnv(mp.wechat) })
    mp.wx = installWx(mp.app.url, mp.wechat)
  })
  afterAll(async () => {
    removeBuild()
    await mp.app?.stop()
    await mp.wechat?.close()
  })
  return mp
}
