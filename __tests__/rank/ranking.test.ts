import { describe, expect, it } from '@jest/globals'
import { parseMirror } from '../../src/mirrors/mirror.js'
import type { ProbeSample } from '../../src/probe/http-probe.js'
import { median, rankMirrors } from '../../src/rank/ranking.js'

const timeout = { kind: 'timeout' as const, message: 'no answer within 2000 ms' }
const ok = (...latencies: number[]): ProbeSample[] => latencies.map(latencyMs => ({ latencyMs }))
const probe = (name: string, samples: ProbeSample[]) => ({
  mirror: parseMirror(`${name}=https://${name}.example/simple`),
  samples
})

describe('rankMirrors', () => {
  it('orders healthy mirrors by median latency, then the failed ones in the order given', () => {
    const ranking = rankMirrors([
      probe('dead', [{ latencyMs: 2000, failure: timeout }]),
      probe('slow', ok(300, 90, 310)),
      probe('fast', ok(20, 900, 25)),
      probe('missing', [
        { latencyMs: 5, failure: { kind: 'http', status: 404, message: 'HTTP 404' } }
      ]),
      probe('middle', ok(100))
    ])
    expect(ranking.map(entry => [entry.mirror.name, entry.ok, entry.latencyMs])).toEqual([
      ['fast', true, 25],
      ['middle', true, 100],
      ['slow', true, 300],
      ['dead', false, null],
      ['missing', false, null]
    ])
    expect(ranking[3].error).toBe('no answer within 2000 ms')
    expect(ranking[4].error).toBe('HTTP 404')
  })

  it('ranks a mirror the probe stopped waiting for before the ones that failed', () => {
    const ranking = rankMirrors([
      probe('refused', [
        { latencyMs: 1, failure: { kind: 'refused', message: 'connection refused' } }
      ]),
      probe('slow', [
        {
          latencyMs: 40,
          failure: { kind: 'timeout', message: 'no answer within 40 ms' },
          stoppedEarly: true
        }
      ]),
      probe('fast', ok(5))
    ])
    expect(ranking.map(entry => [entry.mirror.name, entry.ok, entry.stoppedEarly])).toEqual([
      ['fast', true, undefined],
      ['slow', false, true],
      ['refused', false, undefined]
    ])
  })

  it('keeps the given order among equal latencies', () => {
    const ranking = rankMirrors([probe('b', ok(10)), probe('a', ok(10))])
    expect(ranking.map(entry => entry.mirror.name)).toEqual(['b', 'a'])
  })

  it.each([
    ['one failure among successes', [...ok(10, 12), { latencyMs: 5, failure: timeout }], true, 1],
    ['as many failures as successes', [...ok(10), { latencyMs: 5, failure: timeout }], true, 1],
    [
      'mostly failures',
      [...ok(10), { latencyMs: 5, failure: timeout }, { latencyMs: 5, failure: timeout }],
      false,
      2
    ],
    ['no samples at all', [], false, 0]
  ])('%s', (_name, samples, healthy, failures) => {
    const [entry] = rankMirrors([probe('m', samples as ProbeSample[])])
    expect(entry.ok).toBe(healthy)
    expect(entry.failures).toBe(failures)
  })
})

describe('median', () => {
  it.each([
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5]
  ])('%j', (values, expected) => expect(median(values)).toBe(expected))
})
