import { describe, expect, it } from '@jest/globals'
import { Recent } from '../../src/router/recent.js'
import { WaitClock } from '../../src/router/wait-clock.js'

describe('Recent', () => {
  const make = (clock: { now: number }) =>
    new Recent<string>({
      maxAgeMs: 100,
      maxWeight: 10,
      weigh: value => value.length,
      now: () => clock.now
    })

  it('keeps an answer until it is too old', () => {
    const clock = { now: 0 }
    const recent = make(clock)
    recent.set('a', 'xx')
    clock.now = 100
    expect(recent.get('a')).toBe('xx')
    clock.now = 101
    expect(recent.get('a')).toBeUndefined()
  })

  it('forgets the oldest past the weight, and never keeps one heavier than it all', () => {
    const clock = { now: 0 }
    const recent = make(clock)
    recent.set('a', 'aaaa')
    recent.set('b', 'bbbb')
    recent.set('c', 'cccc')
    expect([recent.get('a'), recent.get('b'), recent.get('c')]).toEqual([undefined, 'bbbb', 'cccc'])
    recent.set('d', 'd'.repeat(11))
    expect(recent.get('d')).toBeUndefined()
    expect(recent.get('c')).toBe('cccc')
  })
})

describe('WaitClock', () => {
  it('counts overlapping waits once, and a leave twice once', () => {
    let now = 0
    const clock = new WaitClock(() => now)
    const first = clock.enter()
    now = 10
    const second = clock.enter()
    now = 15
    first()
    first()
    now = 30
    second()
    now = 50
    const third = clock.enter()
    now = 55
    expect(clock.totalMs).toBe(35)
    third()
    now = 70
    expect(clock.totalMs).toBe(35)
  })
})
