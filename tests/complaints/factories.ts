/** Small factories for complaint tests: file a case, and walk it along the flow. */
import { afterAll, beforeAll } from 'vitest'
import type { Role } from '../../core/staff/roles.ts'
import { fixedClock } from '../../platform/clock.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'

/** An instant written in China time, e.g. at('2026-09-30 10:00'). */
export const at = (local: string) => new Date(`${local.replace(' ', 'T')}+08:00`)
/** The last millisecond of a China day, as the API writes it. */
export const endOfDay = (day: string) => new Date(`${day}T23:59:59.999+08:00`).toISOString()

export const complaintBody = (overrides: Record<string, unknown> = {}) => ({
  clinicCode: 'BJ01',
  channel: 'phone',
  customerName: '张女士',
  phone: '13812345678',
  description: '前台工作人员态度很差，说话很不耐烦。',
  wants: ['apology'],
  ...overrides,
})

export async function fileCase(app: TestApp, token: string, overrides: Record<string, unknown> = {}) {
  const res = await app.request('POST', '/api/complaints', { token, body: complaintBody(overrides) })
  if (res.status !== 201) throw new Error(`filing failed: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

/** Fields that complete each step, for a refund of 500 yuan by bank card. */
export const STEP_BODIES: Record<number, Record<string, unknown>> = {
  2: { step: 2, cause: '患者候诊时询问进度，前台答复语气生硬。', category: 'service_attitude' },
  3: { step: 3, findings: '与前台及当班护士核实，情况属实。', contactedStaff: ['前台王某'] },
  4: { step: 4, severity: 'II', liability: 'service', responsibleStaff: '前台王某', estimatedAmount: 500 },
  5: { step: 5, plan: '当面致歉，退还当日挂号及检查费 500 元。', remedy: 'refund', amount: 500 },
  6: { step: 6, approved: true },
  7: { step: 7, agreed: true, outcome: '患者接受道歉和退费。' },
  8: { step: 8, method: 'bank_card', responsibleStaff: '咨询师李某' },
  9: { step: 9, closingSummary: '已致歉并退费，患者表示满意。' },
  10: { step: 10, penaltyProposal: '前台王某按 II 级处理，罚款 200 元，主管 400 元。' },
  11: { step: 11, preventionPlan: '前台服务用语培训，每周抽查。' },
}

export const STEP_ROLE: Record<number, Role> = { 2: 'supervisor', 3: 'supervisor', 4: 'supervisor', 5: 'supervisor', 6: 'director', 7: 'supervisor', 8: 'supervisor', 9: 'supervisor', 10: 'director', 11: 'supervisor' }

export interface FlowTokens {
  supervisor: string
  director: string
}

export async function flowTokens(app: TestApp, clinicCodes: string[] = []): Promise<FlowTokens> {
  return { supervisor: await app.staffToken(['supervisor'], clinicCodes), director: await app.staffToken(['director'], clinicCodes) }
}

export function transition(app: TestApp, token: string, number: string, body: Record<string, unknown>) {
  return app.request('POST', `/api/complaints/${number}/transitions`, { token, body })
}

/** Completes the steps from the case's next step through `through`, each by its owner; throws on any refusal. */
export async function advance(app: TestApp, tokens: FlowTokens, number: string, through: number, overrides: Record<number, Record<string, unknown>> = {}) {
  let last
  for (;;) {
    const current = await app.request('GET', `/api/complaints/${number}`, { token: tokens.supervisor })
    const next = current.body.nextStep as number | null
    if (next === null || next > through) return last ?? current.body
    const token = STEP_ROLE[next] === 'director' ? tokens.director : tokens.supervisor
    const res = await transition(app, token, number, { ...STEP_BODIES[next], ...overrides[next] })
    if (res.status !== 200) throw new Error(`step ${next} failed: ${res.status} ${JSON.stringify(res.body)}`)
    last = res.body
  }
}

/**
 * In a describe block: a test app on a fixed clock starting at `startAt` (China time), started before the tests and
 * stopped after them. setTime moves the clock and logs everyone in again (tokens last 12 hours); app, agent and
 * tokens are filled in by then, so read them inside the tests (flow.app, flow.tokens).
 */
export function useFlowApp(startAt: string) {
  const clock = fixedClock(at(startAt))
  const flow = {
    clock,
    app: undefined as unknown as TestApp,
    agent: '',
    tokens: undefined as unknown as FlowTokens,
    async setTime(local: string) {
      clock.set(at(local))
      flow.agent = await flow.app.staffToken(['agent'])
      flow.tokens = await flowTokens(flow.app)
    },
  }
  beforeAll(async () => {
    flow.app = await startTestApp({ clock })
  })
  afterAll(() => flow.app?.stop())
  return flow
}
