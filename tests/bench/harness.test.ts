import { describe, expect, it } from 'vitest'
import { describeTarget, holds, judge, percentile, ratioOf } from '../../bench/harness.ts'

describe('the bench harness', () => {
  it('takes the nearest-rank percentile of unsorted samples', () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6]
    expect(percentile(samples, 50)).toBe(5)
    expect(percentile(samples, 99)).toBe(10)
    expect(percentile(samples, 0)).toBe(1)
    expect(percentile([], 50)).toBeNaN()
  })

  it('has no ratio without a baseline', () => {
    expect(ratioOf(30, 10)).toBe(3)
    expect(ratioOf(30, null)).toBeNull()
    expect(ratioOf(30, 0)).toBeNull()
  })

  it('holds a ratio target only within its bounds', () => {
    expect(holds({ ratioAtMost: 2 }, { value: 2 }, 2)).toBe(true)
    expect(holds({ ratioAtMost: 2 }, { value: 2.1 }, 2.1)).toBe(false)
    expect(holds({ ratioAtLeast: 0.95, ratioAtMost: 1.05 }, { value: 48 }, 0.96)).toBe(true)
    expect(holds({ ratioAtLeast: 0.95, ratioAtMost: 1.05 }, { value: 46 }, 0.92)).toBe(false)
    expect(holds({ ratioAtMost: 2 }, { value: 1 }, null)).toBe(false)
  })

  it('holds a value target: below is strict, at least is not', () => {
    expect(holds({ valueBelow: 400 }, { value: 399 }, null)).toBe(true)
    expect(holds({ valueBelow: 400 }, { value: 400 }, null)).toBe(false)
    expect(holds({ valueAtLeast: 20_000 }, { value: 20_000 }, null)).toBe(true)
  })

  it('needs every named check to be reported true', () => {
    const target = { also: ['no duplicate', 'no gap'] }
    expect(holds(target, { value: 12, checks: { 'no duplicate': true, 'no gap': true } }, null)).toBe(true)
    expect(holds(target, { value: 12, checks: { 'no duplicate': true, 'no gap': false } }, null)).toBe(false)
    expect(holds(target, { value: 12, checks: { 'no duplicate': true } }, null)).toBe(false)
  })

  it('states the target and keeps the reason only where it does not hold', () => {
    expect(describeTarget({ ratioAtMost: 1.5, valueBelow: 10 }, 's')).toBe('ratio ≤ 1.5, < 10 s')
    const missed = judge('broadcast_plan', { ratioAtMost: 1.5 }, { value: 30, unit: 's', baseline: 10, reason: 'scans' })
    expect(missed).toMatchObject({ id: 'broadcast_plan', ratio: 3, holds: false, reason: 'scans' })
    expect(judge('x', { ratioAtMost: 5 }, { value: 30, unit: 's', baseline: 10, reason: 'scans' })).not.toHaveProperty('reason')
  })
})
