import { describe, expect, it } from '@jest/globals'
import { summarize } from '../../bench/stats.js'

describe('summarize', () => {
  it('groups trials by scenario and strategy, in order of appearance; medians of what they have', () => {
    const results = summarize([
      { scenario: 's1', strategy: 'a', ok: true, seconds: 2 },
      { scenario: 's1', strategy: 'b', ok: false, seconds: 9, probeSeconds: 0.4, setupSeconds: 1 },
      { scenario: 's1', strategy: 'a', ok: false, seconds: 4 },
      { scenario: 's1', strategy: 'b', ok: true, seconds: 5, probeSeconds: 0.2 }
    ])
    expect(results).toEqual([
      {
        scenario: 's1',
        strategy: 'a',
        trials: 2,
        successes: 1,
        median_s: 3,
        p95_s: 3.9,
        probe_median_s: null,
        setup_median_s: null
      },
      {
        scenario: 's1',
        strategy: 'b',
        trials: 2,
        successes: 1,
        median_s: 7,
        p95_s: 8.8,
        probe_median_s: 0.3,
        setup_median_s: 1
      }
    ])
  })
})
