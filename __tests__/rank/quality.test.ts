import { describe, expect, it } from '@jest/globals'
import type { IndexPage } from '../../src/net/index-page.js'
import { type Mirror, parseMirror } from '../../src/mirrors/mirror.js'
import {
  canStillWin,
  waitLimitMs,
  assessMirrors,
  explainChoice,
  predict,
  rankingJson
} from '../../src/rank/quality.js'
import { type RankedMirror, rankMirrors } from '../../src/rank/ranking.js'
import type { Workload } from '../../src/rank/workload.js'
import { mulberry32 } from '../../test-support/mirror-server.js'

const MB = 1_000_000
const SHA = (c: string): string => c.repeat(64)

const mirror = (name: string): Mirror => parseMirror(`${name}=https://${name}.example/simple`)
const healthy = (m: Mirror, latencyMs: number, failures = 0): RankedMirror => ({
  mirror: m,
  ok: true,
  latencyMs,
  samples: 3,
  failures
})
const page = (versions: string[], serial?: number, sha = 'a'): IndexPage => ({
  files: versions.map(version => ({
    filename: `demo-${version}.tar.gz`,
    url: `x/demo-${version}.tar.gz`,
    sha256: SHA(sha)
  })),
  serial
})
const smallJob: Workload = { requests: 400, bytes: 30 * MB, basis: 'test' }
const bigJob: Workload = { requests: 4, bytes: 800 * MB, basis: 'test' }

describe('assessMirrors', () => {
  it('ranks a fast mirror that lacks the newest version behind a slower fresh one', () => {
    const [fast, slow] = [mirror('fast'), mirror('slow')]
    const assessed = assessMirrors({
      ranking: [healthy(fast, 5), healthy(slow, 80)],
      pages: new Map([
        [fast, page(['1.0', '1.1'], 900)],
        [slow, page(['1.0', '1.1', '2.0'], 1000)]
      ]),
      throughputBps: new Map(),
      workload: smallJob,
      maxLag: 0
    })
    expect(
      assessed.map(entry => [
        entry.mirror.name,
        entry.stale,
        entry.missingVersions,
        entry.serialLag
      ])
    ).toEqual([
      ['slow', false, [], 0],
      ['fast', true, ['2.0'], 100]
    ])
    expect(explainChoice(assessed, smallJob)).toMatch(/^slow won: .*; fast ranked last as stale\.$/)
  })

  it('ranks a mirror the probe stopped waiting for after the stale ones and before the failed ones, and says why', () => {
    const [fast, stale, slow, dead] = [
      mirror('fast'),
      mirror('stale'),
      mirror('slow'),
      mirror('dead')
    ]
    const failed = (m: Mirror, message: string, stoppedEarly?: boolean): RankedMirror => ({
      mirror: m,
      ok: false,
      latencyMs: null,
      samples: 1,
      failures: 1,
      error: message,
      ...(stoppedEarly ? { stoppedEarly } : {})
    })
    const assessed = assessMirrors({
      ranking: [
        healthy(fast, 5),
        healthy(stale, 8),
        failed(dead, 'connection refused'),
        failed(slow, 'no answer within 60 ms', true)
      ],
      pages: new Map([
        [fast, page(['1.0', '1.1'])],
        [stale, page(['1.0'])]
      ]),
      throughputBps: new Map(),
      workload: smallJob,
      maxLag: 0
    })
    expect(assessed.map(entry => entry.mirror.name)).toEqual(['fast', 'stale', 'slow', 'dead'])
    expect(explainChoice(assessed, smallJob)).toContain(
      'the probe stopped waiting for slow, which could not beat it'
    )
  })

  it('tolerates missing versions up to max-lag', () => {
    const [fast, slow] = [mirror('fast'), mirror('slow')]
    const assessed = assessMirrors({
      ranking: [healthy(fast, 5), healthy(slow, 80)],
      pages: new Map([
        [fast, page(['1.0'])],
        [slow, page(['1.0', '2.0'])]
      ]),
      throughputBps: new Map(),
      workload: smallJob,
      maxLag: 1
    })
    expect(assessed.map(entry => [entry.mirror.name, entry.stale])).toEqual([
      ['fast', false],
      ['slow', false]
    ])
  })

  it('picks throughput over latency for a large download, and latency for many small requests', () => {
    const [throttled, wide] = [mirror('throttled'), mirror('wide')]
    const input = {
      ranking: [healthy(throttled, 5), healthy(wide, 300)],
      pages: new Map([
        [throttled, page(['1.0'])],
        [wide, page(['1.0'])]
      ]),
      throughputBps: new Map([
        [throttled, 1 * MB],
        [wide, 20 * MB]
      ]),
      maxLag: 0
    }
    expect(assessMirrors({ ...input, workload: bigJob })[0].mirror.name).toBe('wide')
    expect(assessMirrors({ ...input, workload: smallJob })[0].mirror.name).toBe('throttled')
  })

  it('excludes a mirror whose hashes differ from upstream PyPI, naming the file', () => {
    const [pypi, evil, fine] = [mirror('pypi'), mirror('evil'), mirror('fine')]
    const assessed = assessMirrors({
      ranking: [healthy(evil, 1), healthy(fine, 20), healthy(pypi, 200)],
      pages: new Map([
        [pypi, page(['1.0'], undefined, 'a')],
        [evil, page(['1.0'], undefined, 'b')],
        [fine, page(['1.0'], undefined, 'a')]
      ]),
      throughputBps: new Map(),
      workload: smallJob,
      maxLag: 0
    })
    expect(assessed.map(entry => [entry.mirror.name, entry.ok, entry.integrity])).toEqual([
      ['fine', true, 'verified'],
      ['pypi', true, 'verified'],
      ['evil', false, 'mismatch']
    ])
    expect(assessed[2].error).toBe('sha256 of demo-1.0.tar.gz differs from pypi')
    expect(explainChoice(assessed, smallJob)).toContain('evil excluded for wrong hashes')
  })

  it('excludes a mirror that served a file not matching its own listed hash', () => {
    const [broken, fine] = [mirror('broken'), mirror('fine')]
    const assessed = assessMirrors({
      ranking: [healthy(broken, 1), healthy(fine, 50)],
      pages: new Map([
        [broken, page(['1.0'])],
        [fine, page(['1.0'])]
      ]),
      throughputBps: new Map(),
      corruptFiles: new Map([[broken, 'demo-1.0.tar.gz']]),
      workload: smallJob,
      maxLag: 0
    })
    expect(
      assessed.map(entry => [entry.mirror.name, entry.ok, entry.integrity, entry.error])
    ).toEqual([
      ['fine', true, 'unchecked', undefined],
      ['broken', false, 'mismatch', 'demo-1.0.tar.gz does not match the sha256 its page lists']
    ])
  })

  it('checks no hashes when upstream PyPI is not a reachable candidate', () => {
    const [pypi, evil] = [mirror('pypi'), mirror('evil')]
    const assessed = assessMirrors({
      ranking: [
        healthy(evil, 1),
        { mirror: pypi, ok: false, latencyMs: null, samples: 1, failures: 1 }
      ],
      pages: new Map([[evil, page(['1.0'], undefined, 'b')]]),
      throughputBps: new Map(),
      workload: smallJob,
      maxLag: 0
    })
    expect(assessed.map(entry => [entry.mirror.name, entry.ok, entry.integrity])).toEqual([
      ['evil', true, 'unchecked'],
      ['pypi', false, 'unchecked']
    ])
  })

  it('penalises failed samples and fills in unmeasured throughput with the typical one', () => {
    const entry = healthy(mirror('m'), 100, 1)
    expect(predict(entry, { requests: 10, bytes: 10 * MB, basis: '' }, 5 * MB)).toEqual({
      seconds: (1 + 2) * (4 / 3),
      requestSeconds: 1,
      downloadSeconds: 2,
      penalty: 4 / 3
    })
    const [a, b, c] = [mirror('a'), mirror('b'), mirror('c')]
    const assessed = assessMirrors({
      ranking: [healthy(a, 10), healthy(b, 10), healthy(c, 10)],
      pages: new Map(),
      throughputBps: new Map([
        [a, 1 * MB],
        [b, 3 * MB]
      ]),
      workload: { requests: 0, bytes: 6 * MB, basis: '' },
      maxLag: 0
    })
    expect(assessed.find(entry => entry.mirror === c)?.predicted?.downloadSeconds).toBe(3)
  })

  it('writes the ranking output with every part of the score', () => {
    const m = parseMirror('corp=https://u:pw@corp.example/simple')
    const [entry] = assessMirrors({
      ranking: [healthy(m, 7)],
      pages: new Map([[m, page(['1.0'], 5)]]),
      throughputBps: new Map([[m, 2 * MB]]),
      workload: { requests: 10, bytes: 4 * MB, basis: '' },
      maxLag: 0
    })
    expect(JSON.parse(rankingJson([entry]))).toEqual([
      {
        name: 'corp',
        url: 'https://u:***@corp.example/simple',
        ok: true,
        latencyMs: 7,
        samples: 3,
        failures: 0,
        error: null,
        serial: 5,
        serialLag: 0,
        missingVersions: [],
        stale: false,
        integrity: 'unchecked',
        throughputBps: 2_000_000,
        predictedSeconds: 2.07,
        requestSeconds: 0.07,
        downloadSeconds: 2
      }
    ])
  })
})

describe('selection under noise', () => {
  it('picks a mirror within 10% of the best true score in at least 95% of seeded trials', () => {
    const random = mulberry32(20261122)
    const trials = 2000
    let good = 0
    for (let trial = 0; trial < trials; trial++) {
      // Five mirrors with true latency 20-300 ms and throughput 1-50 MB/s.
      const truth = Array.from({ length: 5 }, (_, index) => ({
        mirror: mirror(`m${index}`),
        latencyMs: 20 + random() * 280,
        throughput: (1 + random() * 49) * MB
      }))
      const workload: Workload = {
        requests: Math.round(20 + random() * 400),
        bytes: (5 + random() * 300) * MB,
        basis: ''
      }
      const trueScore = (m: (typeof truth)[number]): number =>
        (workload.requests * m.latencyMs) / 1000 + workload.bytes / m.throughput
      // Three samples each with heavy-tailed jitter (a slow sample now and then); throughput
      // measured once with +-20% noise.
      const probes = truth.map(m => ({
        mirror: m.mirror,
        samples: Array.from({ length: 3 }, () => ({
          latencyMs:
            m.latencyMs * (1 + (random() - 0.5) * 0.3) + (random() < 0.1 ? random() * 400 : 0)
        }))
      }))
      const throughputBps = new Map(
        truth.map(m => [m.mirror, m.throughput * (0.8 + random() * 0.4)])
      )
      const [chosen] = assessMirrors({
        ranking: rankMirrors(probes),
        pages: new Map(),
        throughputBps,
        workload,
        maxLag: 0
      })
      const best = Math.min(...truth.map(trueScore))
      const picked = trueScore(
        truth.find(m => m.mirror === chosen.mirror) as (typeof truth)[number]
      )
      if (picked <= best * 1.1) good++
    }
    expect(good / trials).toBeGreaterThanOrEqual(0.95)
  })
})

describe('canStillWin and waitLimitMs', () => {
  const workload = { requests: 100, bytes: 10_000_000, basis: 'test' }
  // [latency ms, leader's predicted seconds, can still win]
  it.each([
    [10, 2, true],
    [19, 2, true],
    [20, 2, false],
    [300, 2, false],
    [0, 0.001, true],
    [5, Number.POSITIVE_INFINITY, true]
  ])('a mirror at %d ms against a leader at %d s: %s', (latencyMs, leaderSeconds, expected) => {
    expect(canStillWin(latencyMs, leaderSeconds, workload)).toBe(expected)
  })

  it.each([
    [2, 20],
    [0.5, 5],
    [30, 300]
  ])('a leader at %d s leaves %d ms to answer', (leaderSeconds, limitMs) => {
    expect(waitLimitMs(leaderSeconds, workload)).toBeCloseTo(limitMs)
    // The limit is exactly where a mirror stops being able to win.
    expect(canStillWin(limitMs - 0.01, leaderSeconds, workload)).toBe(true)
    expect(canStillWin(limitMs, leaderSeconds, workload)).toBe(false)
  })
})
